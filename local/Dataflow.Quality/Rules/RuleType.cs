namespace Dataflow.Quality.Rules;

/// <summary>What a rule type returns, which decides the condition it takes (rules-config.json <c>return_type</c>).</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "The names are DQDL's own return types (BOOLEAN, NUMBER, STRING, ...).")]
public enum ReturnKinds
{
    None = 0,
    Boolean = 1,
    Number = 2,
    String = 4,
    Date = 8,
    Duration = 16,
    Size = 32,
}

/// <summary>How far this engine goes with a rule type: the support matrix of docs/dqdl-support.md is built from this.</summary>
public enum EvaluationSupport
{
    /// <summary>Evaluated with Glue/Deequ semantics.</summary>
    Full,

    /// <summary>Parsed and validated; reported as not evaluated, never passed.</summary>
    NotEvaluated,
}

/// <summary>
/// One entry of the rule-type registry (dqdl.md §2.1): parameters (a var-arg type takes at least
/// <see cref="MinParameters"/>), return kinds, where/threshold support, row-level behaviour and whether it may be an
/// analyzer or a rule.
/// </summary>
public sealed record RuleType(
    string Name,
    int MinParameters,
    int? MaxParameters,
    ReturnKinds Returns,
    bool Threshold,
    bool Where,
    bool ExcludedFromRowComposites,
    bool RowLevel,
    bool AsRule,
    bool AsAnalyzer,
    EvaluationSupport Support,
    string Note = "")
{
    public bool Accepts(int parameters) => parameters >= MinParameters && (MaxParameters is null || parameters <= MaxParameters);
}
