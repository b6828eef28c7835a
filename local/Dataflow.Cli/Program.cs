using Dataflow.Cli;

return await DataflowCommand.Create().Parse(args).InvokeAsync();
