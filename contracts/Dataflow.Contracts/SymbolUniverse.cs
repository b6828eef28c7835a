using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Dataflow.Contracts;

/// <summary>
/// The instruments the pipeline ingests, with their reference data (<c>sql/seeds/symbols.csv</c>).
/// Adding a symbol is a one-line change to that file.
/// </summary>
public sealed record SymbolUniverse(IReadOnlyList<SymbolReference> Symbols)
{
    public SymbolReference this[string symbol] =>
        Symbols.FirstOrDefault(s => string.Equals(s.Symbol, symbol, StringComparison.OrdinalIgnoreCase))
        ?? throw new ContractException($"symbol '{symbol}' is not in the universe (sql/seeds/symbols.csv)");

    /// <summary>The subset named by the user, in universe order; every name must exist.</summary>
    public SymbolUniverse Select(IReadOnlyCollection<string> symbols)
    {
        if (symbols.Count == 0)
        {
            return this;
        }

        var wanted = symbols.Select(s => this[s].Symbol).ToHashSet(StringComparer.Ordinal);
        return new SymbolUniverse(Symbols.Where(s => wanted.Contains(s.Symbol)).ToArray());
    }

    public static SymbolUniverse Load(ContractFiles files)
    {
        var path = files.Symbols;
        using var reader = new StringReader(ContractFiles.ReadAll(path));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant(),
        });

        SymbolReference[] rows;
        try
        {
            rows = csv.GetRecords<SymbolReference>().ToArray();
        }
        catch (CsvHelperException e)
        {
            throw new ContractException($"{path}: {e.Message}", e);
        }

        var problems = rows.Select((r, i) => (r, line: i + 2))
            .SelectMany(x => x.r.Problems().Select(p => $"{path}:{x.line}: {p}"))
            .Concat(rows.GroupBy(r => r.Symbol, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                .Select(g => $"{path}: symbol '{g.Key}' is listed {g.Count()} times"))
            .ToArray();
        return problems.Length == 0
            ? new SymbolUniverse(rows)
            : throw new ContractException(string.Join(Environment.NewLine, problems));
    }
}

public sealed record SymbolReference
{
    public required string Symbol { get; init; }
    public required string Name { get; init; }
    public required string AssetType { get; init; }
    public required string Sector { get; init; }
    public required string Industry { get; init; }
    public string? Exchange { get; init; }
    public string? MicCode { get; init; }
    public required string Currency { get; init; }

    /// <summary>Trading calendar: XNYS (US equities), FX (24×5) or CRYPTO (24×7).</summary>
    public required string Calendar { get; init; }

    /// <summary>
    /// IANA time zone of the exchange: a bar dated after the run's start date in this zone is from the future and is
    /// rejected (FUTURE_BAR).
    /// </summary>
    public required string Timezone { get; init; }

    public static readonly IReadOnlySet<string> Calendars = new HashSet<string>(StringComparer.Ordinal) { "XNYS", "FX", "CRYPTO" };

    internal IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Symbol))
        {
            yield return "symbol is empty";
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return $"{Symbol}: name is empty";
        }

        // Shape only: the Lambda never converts times, so it must not depend on the time zone database of its image.
        if (!System.Text.RegularExpressions.Regex.IsMatch(Timezone ?? "", "^(UTC|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+)+)$"))
        {
            yield return $"{Symbol}: timezone '{Timezone}' is not an IANA time zone name (UTC, America/New_York, ...)";
        }

        if (!Calendars.Contains(Calendar))
        {
            yield return $"{Symbol}: calendar '{Calendar}' is not one of {string.Join(", ", Calendars)}";
        }
    }
}
