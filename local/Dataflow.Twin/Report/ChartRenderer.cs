using Dataflow.QuickSight;
using Dataflow.Twin.Etl;
using ScottPlot;

namespace Dataflow.Twin.Report;

/// <summary>
/// Draws a visual's query result with ScottPlot: lines (one per colour value), clustered or stacked bars (vertical or
/// horizontal, by date or category), and bubble scatter plots (size from the Size well), as PNG.
/// </summary>
internal static class ChartRenderer
{
    /// <summary>
    /// 25 colours chosen to be told apart (Tsitsulin's palette): the 13 symbols of the sample, and twice that, each get
    /// their own. Category10 repeated after ten series, so AAPL and SPY, AMZN and TLT shared a colour.
    /// </summary>
    private static readonly ScottPlot.Palettes.Tsitsulin Palette = new();

    /// <summary>The colour of the <paramref name="index"/>th series (as #rrggbb).</summary>
    public static string SeriesColor(int index) => Palette.GetColor(index).ToHex();

    public static int DistinctColors => Palette.Colors.Length;

    public static byte[] Render(VisualSpec visual, QueryResult data, int width, int height)
    {
        var plot = new Plot();
        plot.FigureBackground.Color = Colors.White;
        switch (visual.Kind)
        {
            case "LineChart":
                Lines(plot, visual, data);
                break;
            case "BarChart":
                Bars(plot, visual, data);
                break;
            case "ScatterPlot":
                Bubbles(plot, visual, data);
                break;
            default:
                plot.Add.Annotation($"{visual.Kind} is not drawn by the preview");
                break;
        }

        return plot.GetImageBytes(Math.Max(width, 120), Math.Max(height, 80), ImageFormat.Png);
    }

    public static byte[] Sparkline(IReadOnlyList<double?> values, int width, int height)
    {
        var plot = new Plot();
        var points = values.Select((v, i) => (X: (double)i, Y: v)).Where(p => p.Y is not null).ToArray();
        var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y!.Value).ToArray());
        line.MarkerSize = 0;
        line.LineWidth = 1.5f;
        plot.HideAxesAndGrid();
        return plot.GetImageBytes(Math.Max(width, 80), Math.Max(height, 30), ImageFormat.Png);
    }

    /// <summary>Rows grouped into series by the colour dimension (one series per measure when there is none).</summary>
    private static List<(string Name, List<(object X, double Y)> Points)> Series(VisualSpec visual, QueryResult data)
    {
        var color = visual.Dimension("color");
        var categoryIndex = 0;
        var colorIndex = color is null ? -1 : visual.Dimensions.ToList().IndexOf(color);
        var firstMeasure = visual.Dimensions.Count;
        var series = new List<(string Name, List<(object X, double Y)> Points)>();
        if (colorIndex < 0)
        {
            for (var m = 0; m < visual.Measures.Count; m++)
            {
                series.Add(($"{visual.Measures[m].Aggregation.ToLowerInvariant()}({visual.Measures[m].Column})",
                    data.Rows.Where(r => r[firstMeasure + m] is double).Select(r => (r[categoryIndex]!, (double)r[firstMeasure + m]!)).ToList()));
            }

            return series;
        }

        foreach (var group in data.Rows.Where(r => r[firstMeasure] is double).GroupBy(r => RunReport.Format(r[colorIndex])).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            series.Add((group.Key.Length == 0 ? "(none)" : group.Key, group.Select(r => (r[categoryIndex]!, (double)r[firstMeasure]!)).ToList()));
        }

        return series;
    }

    private static void Lines(Plot plot, VisualSpec visual, QueryResult data)
    {
        var series = Series(visual, data);
        for (var i = 0; i < series.Count; i++)
        {
            var (name, points) = series[i];
            var line = plot.Add.Scatter(points.Select(p => X(p.X)).ToArray(), points.Select(p => p.Y).ToArray());
            line.LegendText = name;
            line.MarkerSize = 0;
            line.LineWidth = 1.2f;
            line.Color = Palette.GetColor(i);
        }

        DateAxisIfDates(plot, visual);
        if (series.Count > 1)
        {
            plot.ShowLegend(Edge.Right);
        }
    }

    private static void Bars(Plot plot, VisualSpec visual, QueryResult data)
    {
        var series = Series(visual, data);
        var isDate = visual.Dimension("category")?.DateGranularity is not null;
        var categories = series.SelectMany(s => s.Points.Select(p => p.X)).Distinct().OrderBy(x => x is DateTime t ? t.Ticks.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) : RunReport.Format(x), StringComparer.Ordinal).ToList();
        if (visual.Sorts.Any(s => visual.Measures.Any(m => m.FieldId == s.FieldId)) && series.Count == 1)
        {
            var descending = visual.Sorts[0].Descending;
            categories = series[0].Points.OrderBy(p => descending ? -p.Y : p.Y).Select(p => p.X).ToList();
        }

        var position = categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => isDate ? X(p.c) : p.i);
        var spacing = isDate && categories.Count > 1 ? (X(categories[^1]) - X(categories[0])) / (categories.Count - 1) : 1.0;
        var bars = new List<Bar>();
        var stackBase = new Dictionary<object, double>();
        for (var s = 0; s < series.Count; s++)
        {
            foreach (var (x, y) in series[s].Points)
            {
                var bottom = visual.Stacked ? stackBase.GetValueOrDefault(x) : 0;
                var width = visual.Stacked || series.Count == 1 ? spacing * 0.8 : spacing * 0.8 / series.Count;
                var offset = visual.Stacked || series.Count == 1 ? 0 : (s - ((series.Count - 1) / 2.0)) * width;
                bars.Add(new Bar { Position = position[x] + offset, Value = bottom + y, ValueBase = bottom, Size = width, FillColor = Palette.GetColor(s), LineWidth = 0 });
                stackBase[x] = bottom + y;
            }
        }

        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = visual.Horizontal;
        if (isDate)
        {
            DateAxisIfDates(plot, visual);
        }
        else
        {
            var ticks = new ScottPlot.TickGenerators.NumericManual(categories.Select((_, i) => (double)i).ToArray(), categories.Select(RunReport.Format).ToArray());
            if (visual.Horizontal)
            {
                plot.Axes.Left.TickGenerator = ticks;
            }
            else
            {
                plot.Axes.Bottom.TickGenerator = ticks;
            }
        }

        if (series.Count > 1)
        {
            plot.Legend.ManualItems.AddRange(series.Select((s, i) => new LegendItem { LabelText = s.Name, FillColor = Palette.GetColor(i) }));
            plot.ShowLegend(Edge.Right);
        }
    }

    private static void Bubbles(Plot plot, VisualSpec visual, QueryResult data)
    {
        var label = visual.Dimensions.Count > 0 ? 0 : -1;
        var first = visual.Dimensions.Count;
        var (xi, yi) = (first + visual.Measures.ToList().FindIndex(m => m.Role == "x"), first + visual.Measures.ToList().FindIndex(m => m.Role == "y"));
        var si = visual.Measures.ToList().FindIndex(m => m.Role == "size") is var s and >= 0 ? first + s : -1;
        var rows = data.Rows.Where(r => r[xi] is double && r[yi] is double).ToArray();
        var sizes = si < 0 ? [] : rows.Select(r => r[si] as double? ?? 0).ToArray();
        var max = sizes.Length == 0 ? 1 : Math.Max(sizes.Max(), 1e-9);
        var labels = label < 0 ? [] : LabelPositions(rows.Select(r => ((double)r[xi]!, (double)r[yi]!)).ToArray());
        for (var i = 0; i < rows.Length; i++)
        {
            var size = si < 0 ? 10 : 8 + (28 * Math.Sqrt(sizes[i] / max));
            plot.Add.Marker((double)rows[i][xi]!, (double)rows[i][yi]!, MarkerShape.FilledCircle, (float)size, Palette.GetColor(i).WithAlpha(0.7));
            if (label >= 0)
            {
                var text = plot.Add.Text(RunReport.Format(rows[i][label]), labels[i].X, labels[i].Y);
                text.LabelFontSize = 10;
            }
        }

        plot.XLabel(visual.Measures.First(m => m.Role == "x").Column);
        plot.YLabel(visual.Measures.First(m => m.Role == "y").Column);
    }

    /// <summary>
    /// Where each bubble's label goes: at its bubble, moved down (in steps of a label's height) while it would overlap a
    /// label already placed. Points close together (JPM, GLD, AMZN near one price and volume) then stay readable.
    /// </summary>
    public static (double X, double Y)[] LabelPositions(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count == 0)
        {
            return [];
        }

        var (minX, maxX) = (points.Min(p => p.X), points.Max(p => p.X));
        var (minY, maxY) = (points.Min(p => p.Y), points.Max(p => p.Y));
        var (spanX, spanY) = (Math.Max(maxX - minX, 1e-9), Math.Max(maxY - minY, 1e-9));
        const double width = 0.09, height = 0.05; // a label's box, as a share of the plotted ranges
        var placed = new List<(double X, double Y)>();
        var result = new (double X, double Y)[points.Count];
        foreach (var i in Enumerable.Range(0, points.Count).OrderByDescending(i => points[i].Y))
        {
            var (x, y) = ((points[i].X - minX) / spanX, (points[i].Y - minY) / spanY);
            while (placed.Any(p => Math.Abs(p.X - x) < width && Math.Abs(p.Y - y) < height))
            {
                y -= height;
            }

            placed.Add((x, y));
            result[i] = (minX + (x * spanX), minY + (y * spanY));
        }

        return result;
    }

    private static double X(object value) => value switch
    {
        DateTime t => t.ToOADate(),
        DateOnly d => d.ToDateTime(TimeOnly.MinValue).ToOADate(),
        IConvertible c when value is not string => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
        _ => 0,
    };

    /// <summary>A date axis label: ISO whatever the machine's culture (the default read 01/01/2025); months as yyyy-MM.</summary>
    public static string DateTickLabel(DateTime t, string granularity) =>
        t.ToString(granularity is "MONTH" or "QUARTER" or "YEAR" ? "yyyy-MM" : "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static void DateAxisIfDates(Plot plot, VisualSpec visual)
    {
        if (visual.Dimension("category")?.DateGranularity is { } granularity)
        {
            plot.Axes.DateTimeTicksBottom().TickGenerator = new ScottPlot.TickGenerators.DateTimeAutomatic
            {
                LabelFormatter = t => DateTickLabel(t, granularity),
            };
        }
    }
}
