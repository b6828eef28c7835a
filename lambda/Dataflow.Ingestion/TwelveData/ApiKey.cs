namespace Dataflow.Ingestion.TwelveData;

/// <summary>The API key. It is only ever written into the Authorization header; printing it shows a mask.</summary>
public sealed class ApiKey
{
    private readonly string _value;

    public ApiKey(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.Trim();
    }

    internal string HeaderValue => $"apikey {_value}";

    public override string ToString() => "apikey ****";
}
