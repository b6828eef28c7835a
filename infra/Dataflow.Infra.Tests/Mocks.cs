using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Pulumi.Testing;

namespace Dataflow.Infra.Tests;

/// <summary>One resource the program registered: its inputs, and the id and state the mocks answered with.</summary>
internal sealed record RegisteredResource(MockResourceArgs Args, string Id, ImmutableDictionary<string, object> State, TimeSpan Started, TimeSpan Finished)
{
    public string Type => Args.Type!;

    public string Name => Args.Name!;

    public ImmutableDictionary<string, object> Inputs => Args.Inputs;

    public string StateString(string key) => (string)State[key];
}

/// <summary>
/// Pulumi mocks that answer like AWS: a resource's id is what the provider would return (a bucket's id is its
/// name, a role's its name, a topic's its ARN, a queue's its URL), names the provider would generate are
/// generated (logical name, a dash and seven hex characters, deterministic here), ARNs are built from the
/// account, region and name. Every registration is recorded with its inputs and the time it started and ended.
/// </summary>
internal sealed class Mocks(string region) : IMocks
{
    public const string AccountId = "123456789012";

    /// <summary>How long a QuickSight resource or an Athena view takes to "create", so dependency order is observable.</summary>
    private static readonly TimeSpan CloudControlLatency = TimeSpan.FromMilliseconds(30);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentBag<RegisteredResource> _registered = [];

    public IReadOnlyList<RegisteredResource> Registered => [.. _registered.OrderBy(r => r.Started)];

    public IEnumerable<MockResourceArgs> Resources => Registered.Select(r => r.Args);

    public async Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        var started = _clock.Elapsed;
        if (args.Type!.StartsWith("aws-native:quicksight:", StringComparison.Ordinal)
            || (args.Type == "aws:glue/catalogTable:CatalogTable" && Equals(args.Inputs.GetValueOrDefault("tableType"), "VIRTUAL_VIEW")))
        {
            await Task.Delay(CloudControlLatency);
        }

        var (id, state) = AwsLikeState(args);
        _registered.Add(new RegisteredResource(args, id, state, started, _clock.Elapsed));
        return (id, state);
    }

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Token switch
    {
        "aws:index/getCallerIdentity:getCallerIdentity" => ImmutableDictionary<string, object>.Empty
            .Add("accountId", AccountId).Add("arn", $"arn:aws:iam::{AccountId}:user/ci").Add("userId", "ci").Add("id", AccountId),
        "aws:index/getRegion:getRegion" => ImmutableDictionary<string, object>.Empty.Add("name", region).Add("region", region).Add("id", region),
        _ => args.Args,
    });

    /// <summary>The generated name AWS's provider gives a resource without one: logical name, dash, seven hex characters.</summary>
    public static string AutoName(string logicalName) =>
        $"{logicalName}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(logicalName)))[..7]}";

    private (string Id, ImmutableDictionary<string, object> State) AwsLikeState(MockResourceArgs args)
    {
        var inputs = args.Inputs;
        var state = inputs.ToBuilder();
        string Input(string key) => inputs.TryGetValue(key, out var value) && value is string text && text.Length > 0 ? text : AutoName(args.Name!);
        string Named(string key = "name")
        {
            var name = Input(key);
            state[key] = name;
            return name;
        }

        string Arn(string service, string resource) => $"arn:aws:{service}:{region}:{AccountId}:{resource}";

        string id;
        switch (args.Type)
        {
            case "aws:s3/bucket:Bucket":
                id = Named("bucket");
                state["arn"] = $"arn:aws:s3:::{id}";
                state["bucketRegionalDomainName"] = $"{id}.s3.{region}.amazonaws.com";
                break;
            case "aws:iam/role:Role":
                id = Named();
                state["arn"] = $"arn:aws:iam::{AccountId}:role/{id}";
                break;
            case "aws:iam/rolePolicy:RolePolicy":
                id = $"{inputs.GetValueOrDefault("role")}:{Named()}";
                break;
            case "aws:sns/topic:Topic":
                id = Arn("sns", Named());
                state["arn"] = id;
                break;
            case "aws:sns/topicSubscription:TopicSubscription":
                id = Arn("sns", $"{args.Name}:{Guid.Empty}");
                state["arn"] = id;
                break;
            case "aws:sqs/queue:Queue":
                var queue = Named();
                id = $"https://sqs.{region}.amazonaws.com/{AccountId}/{queue}";
                state["arn"] = Arn("sqs", queue);
                state["url"] = id;
                break;
            case "aws:cloudwatch/eventRule:EventRule":
                id = Named();
                state["arn"] = Arn("events", $"rule/{id}");
                break;
            case "aws:cloudwatch/eventTarget:EventTarget":
                id = $"{inputs.GetValueOrDefault("rule")}-{Named("targetId")}";
                break;
            case "aws:lambda/function:Function":
                id = Named();
                state["arn"] = Arn("lambda", $"function:{id}");
                state["invokeArn"] = $"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{state["arn"]}/invocations";
                break;
            case "aws:cloudwatch/logGroup:LogGroup":
                id = Named();
                state["arn"] = Arn("logs", $"log-group:{id}");
                break;
            case "aws:glue/catalogDatabase:CatalogDatabase":
                var database = Named();
                id = $"{AccountId}:{database}";
                state["arn"] = Arn("glue", $"database/{database}");
                break;
            case "aws:glue/catalogTable:CatalogTable":
                id = $"{AccountId}:{inputs.GetValueOrDefault("databaseName")}:{Named()}";
                break;
            case "aws:cloudwatch/dashboard:Dashboard":
                id = Named("dashboardName");
                state["dashboardArn"] = $"arn:aws:cloudwatch::{AccountId}:dashboard/{id}";
                break;
            case "aws:cloudcontrol/resource:Resource":
                id = $"{args.Name}-identifier";
                state["properties"] = inputs.TryGetValue("desiredState", out var desired) ? desired : "{}";
                break;
            case var type when type!.StartsWith("aws:s3/bucket", StringComparison.Ordinal) && inputs.TryGetValue("bucket", out var bucket) && bucket is string && !type.StartsWith("aws:s3/bucketObject", StringComparison.Ordinal):
                // Bucket sub-resources (policy, versioning, lifecycle, ...) are identified by their bucket.
                id = (string)inputs["bucket"];
                break;
            default:
                var (service, kind) = ServiceAndKind(args.Type!);
                id = Named();
                state["arn"] = Arn(service, $"{kind}/{id}");
                break;
        }

        return (id, state.ToImmutable());
    }

    private static (string Service, string Kind) ServiceAndKind(string type)
    {
        // "aws:glue/job:Job" -> ("glue", "job"); a provider ("pulumi:providers:aws") has no module path.
        var module = type.Split(':')[1];
        var slash = module.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (module, module) : (module[..slash], module[(slash + 1)..].ToLowerInvariant());
    }
}
