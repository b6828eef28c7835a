using System.CommandLine;
using Dataflow.Contracts;
using Dataflow.Infra.Model.Validation;
using Dataflow.Twin.Validation;
using Spectre.Console;

namespace Dataflow.Cli;

/// <summary><c>dataflow validate</c>: every artifact the stacks deploy, checked offline.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var repo = CommonOptions.Repo();
        var command = new Command("validate", "Check contracts, SQL, DQDL rulesets, QuickSight JSON, stack configuration and the deployment model without AWS") { repo };
        command.SetAction(parse =>
        {
            Repository repository;
            try
            {
                repository = CommonOptions.Repository(parse, repo);
            }
            catch (ContractException e)
            {
                Console.Error.WriteLine($"dataflow validate: {e.Message}");
                return ExitCodes.Failed;
            }

            var checks = RepositoryValidation.Run(repository, DeploymentValidation.Problems);
            foreach (var check in checks)
            {
                AnsiConsole.MarkupLine($"{(check.Passed ? "[green]ok  [/]" : "[red]FAIL[/]")} {Markup.Escape(check.Name)}");
                foreach (var problem in check.Problems)
                {
                    Console.Out.WriteLine($"      {problem}");
                }
            }

            return checks.All(c => c.Passed) ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}
