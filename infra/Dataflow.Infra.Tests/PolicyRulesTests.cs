using System.Text.Json.Nodes;

namespace Dataflow.Infra.Tests;

/// <summary>
/// The deployment's security rules (the cdk-nag AwsSolutions and checkov checks that apply to this stack), each checked
/// on every resource of both stacks under mocks, QuickSight on. docs/deploy.md's "Policy rules" table maps each rule id
/// to its test here; a rule not yet met is listed there as open, not skipped here.
/// </summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed class PolicyRulesTests(string stack)
{
    private List<RegisteredResource> _registered = [];

    [OneTimeSetUp]
    public async Task Deploy() =>
        _registered = [.. (await StackDeployment.RunAsync(stack, new Dictionary<string, string>
        {
            ["quicksightEnabled"] = "true",
            ["quicksightPrincipalArn"] = "arn:aws:quicksight:eu-west-1:123456789012:group/default/dataflow-analysts",
        })).Mocks.Registered];

    private RegisteredResource[] OfType(string type) => _registered.Where(r => r.Type == type).ToArray();

    private static IDictionary<string, object> Map(RegisteredResource r, string key) => (IDictionary<string, object>)r.Inputs[key];

    /// <summary>Each bucket's child resources of a type, by the bucket they configure (their bucket input is its id).</summary>
    private string[] BucketsWithout(string childType)
    {
        var configured = OfType(childType).Select(c => c.Inputs["bucket"]).ToHashSet();
        return OfType("aws:s3/bucket:Bucket").Where(b => !configured.Contains(b.Id)).Select(b => b.Name).ToArray();
    }

    [Test(Description = "S3.1 AwsSolutions-S2 / CKV_AWS_53-56: every bucket blocks public access")]
    public void S3_1_public_access_blocked() => Assert.That(BucketsWithout("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"), Is.Empty);

    [Test(Description = "S3.2 AwsSolutions-S10: every bucket refuses requests without TLS")]
    public void S3_2_tls_only()
    {
        Assert.That(BucketsWithout("aws:s3/bucketPolicy:BucketPolicy"), Is.Empty);
        foreach (var policy in OfType("aws:s3/bucketPolicy:BucketPolicy"))
        {
            var statements = JsonNode.Parse((string)policy.Inputs["policy"])!["Statement"]!.AsArray();
            Assert.That(statements.Any(s => (string)s!["Effect"]! == "Deny" && s["Condition"]?["Bool"]?["aws:SecureTransport"]?[0]?.ToString() == "false"), policy.Name);
        }
    }

    [Test(Description = "S3.3 CKV_AWS_145: every bucket encrypts by default; the lake's four with the stack's customer-managed key")]
    public void S3_3_encrypted()
    {
        Assert.That(BucketsWithout("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"), Is.Empty);
        var withKms = OfType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
            .Where(c => ((IEnumerable<object>)c.Inputs["rules"]).Cast<IDictionary<string, object>>()
                .Any(r => Equals(((IDictionary<string, object>)r["applyServerSideEncryptionByDefault"])["sseAlgorithm"], "aws:kms")))
            .Select(c => c.Name).Order();
        Assert.That(withKms, Is.EqualTo(new[] { "artifacts-encryption", "athena-results-encryption", "curated-encryption", "raw-encryption" }));
    }

    [Test(Description = "S3.4 CKV_AWS_21: raw and curated are versioned")]
    public void S3_4_data_versioned()
    {
        var versioned = OfType("aws:s3/bucketVersioning:BucketVersioning").Select(v => v.Inputs["bucket"]).ToHashSet();
        Assert.That(OfType("aws:s3/bucket:Bucket").Where(b => b.Name is "raw" or "curated").Select(b => versioned.Contains(b.Id)), Is.All.True);
    }

    [Test(Description = "S3.5 CKV2_AWS_61: every bucket has a lifecycle")]
    public void S3_5_lifecycle() => Assert.That(BucketsWithout("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"), Is.Empty);

    [Test(Description = "S3.6 AwsSolutions-S1 / CKV_AWS_18: every lake bucket logs its requests to the stack's access-log bucket, which only S3 logging may write")]
    public void S3_6_access_logs()
    {
        var logBucket = OfType("aws:s3/bucket:Bucket").Single(b => b.Name == "access-logs");
        var logging = OfType("aws:s3/bucketLogging:BucketLogging");
        var lake = OfType("aws:s3/bucket:Bucket").Where(b => b != logBucket).ToArray();

        Assert.That(lake.Select(b => logging.Count(l => Equals(l.Inputs["bucket"], b.Id) && Equals(l.Inputs["targetBucket"], logBucket.Id))), Is.All.EqualTo(1));
        var policy = JsonNode.Parse((string)OfType("aws:s3/bucketPolicy:BucketPolicy").Single(p => Equals(p.Inputs["bucket"], logBucket.Id)).Inputs["policy"])!;
        var allow = policy["Statement"]!.AsArray().Single(st => (string)st!["Effect"]! == "Allow")!;
        Assert.That((string)allow["Principal"]!["Service"]![0]!, Is.EqualTo("logging.s3.amazonaws.com"));
        Assert.That(allow["Condition"]!["ArnLike"]!["aws:SourceArn"]!.AsArray().Select(a => (string)a!), Is.EquivalentTo(lake.Select(b => $"arn:aws:s3:::{b.Id}")));
    }

    [Test(Description = "ATH.1 AwsSolutions-ATH1 / CKV_AWS_82: the workgroup enforces its configuration, encrypts results and cuts off large scans")]
    public void ATH_1_workgroup()
    {
        var configuration = Map(OfType("aws:athena/workgroup:Workgroup").Single(), "configuration");
        var results = (IDictionary<string, object>)configuration["resultConfiguration"];

        Assert.That(configuration["enforceWorkgroupConfiguration"], Is.True);
        var encryption = (IDictionary<string, object>)results["encryptionConfiguration"];
        Assert.That(encryption["encryptionOption"], Is.EqualTo("SSE_KMS"));
        Assert.That(encryption["kmsKeyArn"], Is.EqualTo(OfType("aws:kms/key:Key").Single(k => k.Name == "lake-key").State["arn"]));
        Assert.That(configuration.ContainsKey("bytesScannedCutoffPerQuery"), Is.True);
    }

    [Test(Description = "GLUE.1 CKV_AWS_195 (partial): the job has a timeout, explicit retries and a pinned Glue version")]
    public void GLUE_1_job_bounds()
    {
        var job = OfType("aws:glue/job:Job").Single();

        Assert.That(job.Inputs["timeout"], Is.GreaterThan(0));
        Assert.That(job.Inputs.ContainsKey("maxRetries"), Is.True);
        Assert.That(job.Inputs["glueVersion"], Is.EqualTo("5.0"));
    }

    [Test(Description = "GLUE.2 AwsSolutions-GL1/GL3, CKV_AWS_99: a security configuration encrypts the job's S3 output, CloudWatch logs and bookmarks")]
    public void GLUE_2_security_configuration()
    {
        var job = OfType("aws:glue/job:Job").Single();
        var configuration = OfType("aws:glue/securityConfiguration:SecurityConfiguration").Single(c => Equals(c.Inputs["name"], job.Inputs.GetValueOrDefault("securityConfiguration")));
        var encryption = Map(configuration, "encryptionConfiguration");
        var cloudWatch = (IDictionary<string, object>)encryption["cloudwatchEncryption"];
        var bookmarks = (IDictionary<string, object>)encryption["jobBookmarksEncryption"];
        var s3 = (IDictionary<string, object>)encryption["s3Encryption"];
        var keyArn = PipelineKeyArn();
        var jobLogGroups = OfType("aws:cloudwatch/logGroup:LogGroup").Where(g => g.Name.StartsWith("job-logs-", StringComparison.Ordinal)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(cloudWatch["cloudwatchEncryptionMode"], Is.EqualTo("SSE-KMS"));
            Assert.That(cloudWatch["kmsKeyArn"], Is.EqualTo(keyArn));
            Assert.That(bookmarks["jobBookmarksEncryptionMode"], Is.EqualTo("CSE-KMS"));
            Assert.That(bookmarks["kmsKeyArn"], Is.EqualTo(keyArn));
            Assert.That(s3["s3EncryptionMode"], Is.EqualTo("SSE-KMS"));
            Assert.That(s3["kmsKeyArn"], Is.EqualTo(OfType("aws:kms/key:Key").Single(k => k.Name == "lake-key").State["arn"]), "the lake key, as the buckets' default");
            Assert.That(jobLogGroups, Has.Length.EqualTo(2));
            Assert.That(jobLogGroups.Select(g => g.Inputs.GetValueOrDefault("kmsKeyId")), Is.All.EqualTo(keyArn), "the job's log groups themselves");
        });
    }

    [Test(Description = "SSM.1 CKV_AWS_337: the API key parameter is encrypted with the stack's customer-managed key, not aws/ssm")]
    public void SSM_1_secret_parameter() =>
        Assert.That(OfType("aws:ssm/parameter:Parameter").Select(p => p.Inputs.GetValueOrDefault("keyId")), Is.All.EqualTo(PipelineKeyArn()));

    private object PipelineKeyArn() => OfType("aws:kms/key:Key").Single(k => k.Name == "key").State["arn"];

    [Test(Description = "LAMBDA.1 CKV_AWS_116/115/50: arm64, an on-failure destination, reserved concurrency, active tracing, log retention")]
    public void LAMBDA_1_function()
    {
        var function = OfType("aws:lambda/function:Function").Single();
        var invokeConfig = OfType("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").Single();
        var logGroup = OfType("aws:cloudwatch/logGroup:LogGroup").Single(g => g.Name == "logs");

        Assert.That((IEnumerable<object>)function.Inputs["architectures"], Is.EqualTo(new[] { "arm64" }));
        Assert.That(Map(invokeConfig, "destinationConfig").ContainsKey("onFailure"), Is.True);
        Assert.That(function.Inputs.GetValueOrDefault("reservedConcurrentExecutions"), Is.EqualTo(1), "runs never overlap: they share the plan's credits");
        Assert.That(Map(function, "tracingConfig")["mode"], Is.EqualTo("Active"));
        Assert.That(logGroup.Inputs["retentionInDays"], Is.GreaterThan(0));
    }

    [Test(Description = "SNS.1 AwsSolutions-SNS2/SNS3: the topic is encrypted with a key its publishers can use, and refuses plain HTTP")]
    public void SNS_1_topic()
    {
        var topic = OfType("aws:sns/topic:Topic").Single();
        Assert.That(topic.Inputs["kmsMasterKeyId"], Is.EqualTo(OfType("aws:kms/key:Key").Single(k => k.Name == "alarm-key").State["arn"]));
    }

    [Test(Description = "KMS.1 CKV_AWS_7: every key rotates")]
    public void KMS_1_rotation() => Assert.That(OfType("aws:kms/key:Key").Select(k => k.Inputs["enableKeyRotation"]), Is.All.True);

    [Test(Description = "IAM.1 AwsSolutions-IAM5 / CKV_AWS_355: no wildcard actions; data resources scoped")]
    public void IAM_1_no_wildcard_actions()
    {
        var policies = OfType("aws:iam/rolePolicy:RolePolicy").Select(p => JsonNode.Parse((string)p.Inputs["policy"])!).ToArray();
        var actions = policies.SelectMany(p => p["Statement"]!.AsArray()).Where(s => (string)s!["Effect"]! == "Allow")
            .SelectMany(s => s!["Action"]!.AsArray().Select(a => (string)a!)).ToArray();

        Assert.That(policies, Is.Not.Empty);
        Assert.That(actions.Where(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal)), Is.Empty);
    }

    [Test(Description = "IAM.2 confused deputy: trust policies of services that send their source are conditioned on this account")]
    public void IAM_2_trust_conditions()
    {
        foreach (var role in OfType("aws:iam/role:Role"))
        {
            var statement = JsonNode.Parse((string)role.Inputs["assumeRolePolicy"])!["Statement"]![0]!;
            var service = (string)statement["Principal"]!["Service"]![0]!;
            if (service is "scheduler.amazonaws.com" or "events.amazonaws.com")
            {
                Assert.That(statement["Condition"]?["StringEquals"]?["aws:SourceAccount"], Is.Not.Null, role.Name);
            }
        }
    }

    [Test(Description = "IAM.3 AwsSolutions-S2 / SNS: no resource policy allows a public principal")]
    public void IAM_3_no_public_principals()
    {
        var documents = _registered.SelectMany(r => new[] { "policy", "assumeRolePolicy" }.Where(r.Inputs.ContainsKey).Select(k => r.Inputs[k]))
            .OfType<string>().Select(text => JsonNode.Parse(text)!).ToArray();
        var publicAllows = documents.SelectMany(d => d["Statement"]!.AsArray())
            .Where(s => (string)s!["Effect"]! == "Allow" && (s["Principal"]?.GetValueKind() == System.Text.Json.JsonValueKind.String || s["Principal"]?["AWS"]?.ToString() == "*"));

        Assert.That(publicAllows, Is.Empty);
    }

    [Test(Description = "KMS.2 least privilege: the lake key is usable by the pipeline's roles through S3 only, and by QuickSight's service role only with dashboards on")]
    public void KMS_2_lake_key_users()
    {
        var keyPolicy = JsonNode.Parse((string)OfType("aws:kms/key:Key").Single(k => k.Name == "lake-key").Inputs["policy"])!["Statement"]!.AsArray();
        var quickSight = keyPolicy.Single(st => (string)st!["Sid"]! == "QuickSightReadsThroughAthena")!;
        var roles = OfType("aws:iam/rolePolicy:RolePolicy").Where(p => p.Name.StartsWith("function", StringComparison.Ordinal) || p.Name.StartsWith("job", StringComparison.Ordinal)).ToArray();

        Assert.That((string)quickSight["Principal"]!["AWS"]![0]!, Does.EndWith(":role/service-role/aws-quicksight-service-role-v0"));
        Assert.That((string)quickSight["Condition"]!["StringEquals"]!["kms:ViaService"]![0]!, Is.EqualTo("s3.eu-west-1.amazonaws.com"));
        Assert.That(roles, Has.Length.EqualTo(2), "the function's and the job's policies");
        foreach (var role in roles)
        {
            var lakeKey = JsonNode.Parse((string)role.Inputs["policy"])!["Statement"]!.AsArray().Single(st => (string)st!["Sid"]! == "UseLakeKeyThroughS3")!;
            Assert.That((string)lakeKey["Condition"]!["StringEquals"]!["kms:ViaService"]![0]!, Is.EqualTo("s3.eu-west-1.amazonaws.com"), role.Name);
            Assert.That((string)lakeKey["Condition"]!["ForAnyValue:StringEquals"]!["kms:ResourceAliases"]![0]!, Is.EqualTo($"alias/dataflow-{stack}-lake"), role.Name);
        }
    }

    [Test(Description = "QS.1 least privilege: the stack's QuickSight principal never deletes, updates or re-permissions an asset")]
    public void QS_1_quicksight_least_privilege()
    {
        var actions = _registered.Where(r => r.Type.StartsWith("aws-native:quicksight:", StringComparison.Ordinal))
            .SelectMany(r => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(r.Inputs))!["permissions"]?.AsArray() ?? [])
            .SelectMany(p => p!["actions"]!.AsArray().Select(a => (string)a!)).ToArray();

        Assert.That(actions, Is.Not.Empty);
        Assert.That(actions, Has.None.Contains(":Delete").And.None.Contains(":Update").And.None.Contains(":Restore"));
    }
}
