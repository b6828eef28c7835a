using System.Collections.Concurrent;
using System.Collections.Immutable;
using Pulumi.Testing;

namespace Dataflow.Infra.Tests;

/// <summary>
/// Pulumi mocks: echoes each resource's inputs as its state with the outputs AWS would compute (arn, bucket name),
/// answers the account-id invoke, and records every resource's inputs for the assertions.
/// </summary>
internal sealed class Mocks : IMocks
{
    public const string AccountId = "123456789012";

    public ConcurrentBag<MockResourceArgs> Resources { get; } = [];

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        Resources.Add(args);
        var state = ImmutableDictionary.CreateBuilder<string, object>();
        state.AddRange(args.Inputs);
        if (args.Type == "aws:s3/bucket:Bucket")
        {
            var name = args.Inputs.TryGetValue("bucket", out var b) ? (string)b : args.Name!;
            state["bucket"] = name;
            state["arn"] = $"arn:aws:s3:::{name}";
        }
        else
        {
            state["arn"] = $"arn:aws:mock:::{args.Type}/{args.Name}";
        }

        return Task.FromResult<(string?, object)>((args.Id ?? $"{args.Name}-id", state.ToImmutable()));
    }

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Token switch
    {
        "aws:index/getCallerIdentity:getCallerIdentity" => ImmutableDictionary<string, object>.Empty
            .Add("accountId", AccountId).Add("arn", $"arn:aws:iam::{AccountId}:user/ci").Add("userId", "ci").Add("id", AccountId),
        _ => args.Args,
    });
}
