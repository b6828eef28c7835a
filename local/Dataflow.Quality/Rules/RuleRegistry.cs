namespace Dataflow.Quality.Rules;

/// <summary>
/// The rule types DQDL knows (dqdl.md §2.1), table-driven so a new type needs no grammar change. Parameter counts,
/// return kinds and where/threshold flags follow the official registry; the last columns say what this engine evaluates.
/// </summary>
public static class RuleRegistry
{
    private const ReturnKinds N = ReturnKinds.Number;
    private const ReturnKinds B = ReturnKinds.Boolean;

    public static IReadOnlyList<RuleType> All { get; } =
    [
        new("RowCount", 0, 0, N, false, true, false, false, true, true, EvaluationSupport.Full),
        new("ColumnCount", 0, 0, N, false, false, false, false, true, true, EvaluationSupport.Full),
        new("ColumnExists", 1, 1, B, false, false, false, false, true, false, EvaluationSupport.Full),
        new("ColumnNamesMatchPattern", 1, 1, B, false, false, false, false, true, false, EvaluationSupport.Full),
        new("Completeness", 1, 1, N, false, true, true, true, true, true, EvaluationSupport.Full),
        new("IsComplete", 1, 1, B, false, true, false, true, true, false, EvaluationSupport.Full),
        new("Uniqueness", 1, null, N, false, true, true, true, true, true, EvaluationSupport.Full),
        new("IsUnique", 1, null, B, false, true, false, true, true, false, EvaluationSupport.Full),
        new("IsPrimaryKey", 1, null, B, false, true, false, true, true, false, EvaluationSupport.Full),
        new("UniqueValueRatio", 1, 1, N, false, true, false, false, true, true, EvaluationSupport.Full, "no per-row outcomes here (Glue has them)"),
        new("DistinctValuesCount", 1, 1, N, false, true, false, false, true, true, EvaluationSupport.Full),
        new("Entropy", 1, 1, N, false, true, false, false, true, true, EvaluationSupport.Full),
        new("Mean", 1, 1, N, false, true, false, false, true, true, EvaluationSupport.Full),
        new("Sum", 1, 1, N, false, true, false, false, true, true, EvaluationSupport.Full),
        new("StandardDeviation", 1, 1, N, false, true, false, false, true, true, EvaluationSupport.Full),
        new("Variance", 1, 1, N, false, true, false, false, true, true, EvaluationSupport.Full),
        new("ColumnCorrelation", 2, 2, N, false, true, false, false, true, true, EvaluationSupport.Full),
        new("ColumnLength", 1, 1, N, false, true, false, true, true, true, EvaluationSupport.Full),
        new("ColumnValues", 1, 1, ReturnKinds.String | N | ReturnKinds.Date, true, true, false, true, true, true, EvaluationSupport.Full),
        new("ColumnDataType", 1, 1, ReturnKinds.String, true, true, false, true, true, false, EvaluationSupport.Full),
        new("DataFreshness", 1, 1, ReturnKinds.Duration, false, true, false, true, true, false, EvaluationSupport.Full),
        new("CustomSql", 1, 1, N | B, true, false, false, true, true, true, EvaluationSupport.Full),
        new("ReferentialIntegrity", 2, 2, N, false, false, true, true, true, false, EvaluationSupport.Full),
        new("DatasetMatch", 2, 3, N, false, false, true, true, true, false, EvaluationSupport.NotEvaluated, "needs reference data sets beyond the twin's"),
        new("RowCountMatch", 1, 1, N, false, false, false, false, true, false, EvaluationSupport.Full),
        new("SchemaMatch", 1, 1, N, false, false, false, false, true, false, EvaluationSupport.NotEvaluated, "Spark type names differ from DuckDB's"),
        new("AggregateMatch", 2, 2, N, false, false, false, false, true, false, EvaluationSupport.Full),
        new("DetectAnomalies", 1, null, B, false, false, false, false, true, false, EvaluationSupport.NotEvaluated, "Glue's anomaly model is unpublished"),
        new("AllStatistics", 1, 1, ReturnKinds.None, false, false, false, false, false, true, EvaluationSupport.Full),
        new("FileFreshness", 0, 1, ReturnKinds.Date, true, false, false, false, true, false, EvaluationSupport.NotEvaluated, "file rules read S3 object metadata"),
        new("FileSize", 0, 1, ReturnKinds.Size, true, false, false, false, true, false, EvaluationSupport.NotEvaluated, "file rules read S3 object metadata"),
        new("FileMatch", 0, null, ReturnKinds.String | B, false, false, false, false, true, false, EvaluationSupport.NotEvaluated, "file rules read S3 object metadata"),
        new("FileUniqueness", 0, 1, N, false, false, false, false, true, false, EvaluationSupport.NotEvaluated, "file rules read S3 object metadata"),
    ];

    private static readonly Dictionary<string, RuleType> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Exact, case-sensitive, as Glue resolves rule types.</summary>
    public static RuleType? Find(string name) => ByName.GetValueOrDefault(name);
}
