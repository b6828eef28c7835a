using Dataflow.Infra;

return await Pulumi.Deployment.RunAsync<DataflowPipeline>();
