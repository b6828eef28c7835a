using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Dataflow.Twin.Parity;

/// <summary>
/// Differences reviewed and accepted, each with its reason (a YAML file, e.g. .github/parity/allowed.yaml): an entry
/// matches by engine (optional), table, kind and column (optional: every column). A difference it matches is reported
/// as allowed and fails nothing; an entry without a reason is an error.
/// </summary>
public sealed record ParityAllowList(IReadOnlyList<AllowedDifference> Entries)
{
    public static ParityAllowList None { get; } = new([]);

    public AllowedDifference? Match(string engine, Difference difference) =>
        Entries.FirstOrDefault(e => (e.Engine is null || e.Engine == engine) && e.Table == difference.Table && e.Kind == difference.Kind
            && (e.Column is null || e.Column == difference.Column));

    public static ParityAllowList Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new TwinException($"parity allow-list not found: {path}");
        }

        AllowListFile file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<AllowListFile>(File.ReadAllText(path)) ?? new AllowListFile();
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new TwinException($"{path}: {e.Message}", e);
        }

        var entries = file.Allowed.Select((e, i) =>
            string.IsNullOrWhiteSpace(e.Table) || string.IsNullOrWhiteSpace(e.Kind) || string.IsNullOrWhiteSpace(e.Reason)
                ? throw new TwinException($"{path}: entry {i + 1} needs table, kind and reason (every accepted difference says why)")
                : new AllowedDifference(e.Engine, e.Table, e.Kind, e.Column, e.Reason.Trim())).ToArray();
        return new ParityAllowList(entries);
    }

    private sealed class AllowListFile
    {
        public List<Entry> Allowed { get; set; } = [];
    }

    private sealed class Entry
    {
        public string? Engine { get; set; }
        public string Table { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? Column { get; set; }
        public string Reason { get; set; } = "";
    }
}

public sealed record AllowedDifference(string? Engine, string Table, string Kind, string? Column, string Reason);
