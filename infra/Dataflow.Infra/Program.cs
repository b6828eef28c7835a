using Dataflow.Contracts;
using Dataflow.Infra;

// Pulumi runs the program from its folder in the checkout (Pulumi.yaml's main): the repository is the one around it.
return await Pulumi.Deployment.RunAsync(() => DataflowProgram.RunAsync(Repository.Locate(null, Directory.GetCurrentDirectory())));
