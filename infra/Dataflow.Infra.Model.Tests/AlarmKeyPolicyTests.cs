using System.Text.Json.Nodes;
using Dataflow.Infra.Model.Iam;
using Dataflow.Infra.Model.Naming;

namespace Dataflow.Infra.Model.Tests;

public sealed class AlarmKeyPolicyTests
{
    private static readonly StackResourceNames Names = new("dataflow", "prod", "eu-west-1", "111122223333");

    private static JsonObject Statement(string sid) =>
        JsonNode.Parse(AlarmKeyPolicy.For(Names).ToJson())!["Statement"]!.AsArray().Single(s => (string)s!["Sid"]! == sid)!.AsObject();

    [Test]
    public void Cloudwatch_alarms_of_this_account_may_encrypt_to_the_topic()
    {
        var cloudwatch = Statement("CloudWatchAlarmsPublish");

        Assert.That((string)cloudwatch["Principal"]!["Service"]![0]!, Is.EqualTo("cloudwatch.amazonaws.com"));
        Assert.That(cloudwatch["Action"]!.AsArray().Select(a => (string)a!), Is.EquivalentTo(new[] { "kms:GenerateDataKey*", "kms:Decrypt" }));
        Assert.That((string)cloudwatch["Condition"]!["StringEquals"]!["aws:SourceAccount"]![0]!, Is.EqualTo("111122223333"));
        Assert.That((string)cloudwatch["Condition"]!["ArnLike"]!["aws:SourceArn"]![0]!, Is.EqualTo("arn:aws:cloudwatch:eu-west-1:111122223333:alarm:*"));
    }

    [Test]
    public void Eventbridge_is_granted_without_source_conditions_its_kms_request_does_not_carry()
    {
        var events = Statement("EventBridgeRulesPublish");

        Assert.That((string)events["Principal"]!["Service"]![0]!, Is.EqualTo("events.amazonaws.com"));
        Assert.That(events["Action"]!.AsArray().Select(a => (string)a!), Is.EquivalentTo(new[] { "kms:GenerateDataKey*", "kms:Decrypt" }));
        Assert.That(events.ContainsKey("Condition"), Is.False, "a SourceAccount/SourceArn condition would drop every EventBridge notification");
    }

    [Test]
    public void The_account_keeps_control_of_the_key()
    {
        var admin = Statement("AccountAdministersKey");

        Assert.That((string)admin["Principal"]!["AWS"]![0]!, Is.EqualTo("arn:aws:iam::111122223333:root"));
    }
}
