using System.Text.RegularExpressions;

namespace Dataflow.Contracts;

/// <summary>One model file of a model folder: its relation name, its order, its path.</summary>
public sealed record ModelFile(string Name, string FileName, string Path);

/// <summary>
/// <c>sql/contracts/etl.yaml</c>: the staging relation both engines build from the raw zone, the reference seeds by
/// alias, and the model file naming rule.
/// </summary>
public sealed class EtlContract
{
    private readonly Regex _modelFile;

    private EtlContract(string stagingRelation, IReadOnlyList<string> stagingColumns, IReadOnlyDictionary<string, string> referenceSeeds, string modelFilePattern,
        IReadOnlyDictionary<string, string> prior, IReadOnlyDictionary<string, string> qualityReferences)
    {
        Prior = prior;
        QualityReferences = qualityReferences;
        StagingRelation = stagingRelation;
        StagingColumns = stagingColumns;
        ReferenceSeeds = referenceSeeds;
        ModelFilePattern = modelFilePattern;
        _modelFile = new Regex(modelFilePattern, RegexOptions.CultureInvariant);
    }

    public string StagingRelation { get; }
    public IReadOnlyList<string> StagingColumns { get; }

    /// <summary>Alias → CSV file name in the seeds folder, in declaration order.</summary>
    public IReadOnlyDictionary<string, string> ReferenceSeeds { get; }

    public string ModelFilePattern { get; }

    /// <summary>
    /// Relation → curated table: each relation holds the published rows of its table for the staged (symbol, interval)s,
    /// and is empty on a full rebuild.
    /// </summary>
    public IReadOnlyDictionary<string, string> Prior { get; }

    /// <summary>Alias → ETL relation (a curated table's model) the rulesets may read besides their own table.</summary>
    public IReadOnlyDictionary<string, string> QualityReferences { get; }

    public static EtlContract Load(ContractFiles files)
    {
        var path = files.Etl;
        var file = ContractYaml.Read<EtlFile>(path);
        if (string.IsNullOrWhiteSpace(file.Staging.Relation) || file.Staging.Columns.Count == 0)
        {
            throw new ContractException($"{path}: staging.relation and staging.columns are required");
        }

        if (file.ReferenceSeeds.Count == 0 || string.IsNullOrWhiteSpace(file.Models.FilePattern))
        {
            throw new ContractException($"{path}: reference_seeds and models.file_pattern are required");
        }

        if (file.Prior.Count == 0 || file.Prior.Any(p => string.IsNullOrWhiteSpace(p.Key) || string.IsNullOrWhiteSpace(p.Value)))
        {
            throw new ContractException($"{path}: prior must map each relation to a curated table");
        }

        if (file.QualityReferences.Keys.Intersect(file.ReferenceSeeds.Keys, StringComparer.Ordinal).FirstOrDefault() is { } twice)
        {
            throw new ContractException($"{path}: '{twice}' is both a reference seed and a quality reference");
        }

        return new EtlContract(file.Staging.Relation, file.Staging.Columns, file.ReferenceSeeds, file.Models.FilePattern, file.Prior, file.QualityReferences);
    }

    /// <summary>The model files of a folder in run order; a .sql file not named by the rule is an error, not skipped.</summary>
    public IReadOnlyList<ModelFile> Models(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new ContractException($"SQL folder not found: {directory}");
        }

        var files = System.IO.Directory.GetFiles(directory, "*.sql").Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var bad = files.Where(f => !_modelFile.IsMatch(f!)).ToArray();
        if (bad.Length > 0)
        {
            throw new ContractException($"SQL files in {directory} must be named NNN_model.sql ({ModelFilePattern}): {string.Join(", ", bad)}");
        }

        return files.Length > 0
            ? files.Select(f => new ModelFile(_modelFile.Match(f!).Groups["name"].Value, f!, System.IO.Path.Combine(directory, f!))).ToArray()
            : throw new ContractException($"no SQL files in {directory}");
    }

    /// <summary>Each alias's CSV file in <paramref name="files"/>' seeds folder.</summary>
    public IReadOnlyDictionary<string, string> SeedFiles(ContractFiles files) =>
        ReferenceSeeds.ToDictionary(s => s.Key, s => files.Seed(s.Value), StringComparer.Ordinal);

    private sealed class EtlFile
    {
        public StagingEntry Staging { get; set; } = new();
        public Dictionary<string, string> ReferenceSeeds { get; set; } = [];
        public ModelsEntry Models { get; set; } = new();
        public Dictionary<string, string> Prior { get; set; } = [];
        public Dictionary<string, string> QualityReferences { get; set; } = [];
    }


    private sealed class StagingEntry
    {
        public string Relation { get; set; } = "";
        public List<string> Columns { get; set; } = [];
    }

    private sealed class ModelsEntry
    {
        public string FilePattern { get; set; } = "";
    }
}
