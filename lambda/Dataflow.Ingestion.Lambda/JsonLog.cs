using System.Text.Json.Nodes;

namespace Dataflow.Ingestion.Lambda;

/// <summary>Structured log lines: one JSON object per line on stdout, which CloudWatch Logs Insights can query by field.</summary>
public sealed class JsonLog(TextWriter output, TimeProvider time)
{
    public void Info(string message, params (string Key, object? Value)[] fields) => Write("INFO", message, fields);

    public void Warn(string message, params (string Key, object? Value)[] fields) => Write("WARN", message, fields);

    public void Error(string message, params (string Key, object? Value)[] fields) => Write("ERROR", message, fields);

    public void Raw(string jsonLine)
    {
        lock (output)
        {
            output.WriteLine(jsonLine);
            output.Flush();
        }
    }

    private void Write(string level, string message, (string Key, object? Value)[] fields)
    {
        var line = new JsonObject
        {
            ["timestamp"] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["level"] = level,
            ["message"] = message,
        };
        foreach (var (key, value) in fields)
        {
            line[key] = value is null ? null : JsonValue.Create(value.ToString());
        }

        Raw(line.ToJsonString());
    }
}
