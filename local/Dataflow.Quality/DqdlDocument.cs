using Dataflow.Quality.Rules;
using Dataflow.Quality.Syntax;

namespace Dataflow.Quality;

/// <summary>A ruleset that parsed and validated: the entry point of the library.</summary>
public sealed record DqdlDocument(Ruleset Ruleset, string Source)
{
    /// <summary>Parses and validates; every problem is in the <see cref="DqdlException"/> it throws.</summary>
    public static DqdlDocument Parse(string text, ParseOptions? options = null)
    {
        var ruleset = Parser.Parse(text, options);
        var errors = Validator.Validate(ruleset);
        return errors.Count == 0 ? new DqdlDocument(ruleset, text) : throw new DqdlException(errors);
    }

    public static DqdlDocument Load(string path, ParseOptions? options = null)
    {
        try
        {
            return Parse(File.ReadAllText(path), options);
        }
        catch (DqdlException e)
        {
            throw new DqdlException(e.Errors.Select(m => $"{path}: {m}").ToArray());
        }
    }

    /// <summary>The canonical text (what Glue prints), one rule per line.</summary>
    public string Canonical => Printer.Print(Ruleset);

    public IReadOnlyList<string> Warnings => Ruleset.Warnings;
}
