using System.Text;

namespace Dataflow.Ingestion.TwelveData;

/// <summary>
/// The API key. It is only ever written into the Authorization header (a control character would split that header,
/// so such a key is refused when it is loaded); printing it shows a mask, and what the upstream echoes of it is
/// redacted before anything is stored or logged.
/// </summary>
public sealed class ApiKey
{
    private static readonly byte[] Mask = Encoding.UTF8.GetBytes("[redacted]");

    private readonly string _value;
    private readonly byte[] _bytes;

    public ApiKey(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var trimmed = value.Trim();
        if (trimmed.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            // Never the value itself: the message reaches logs.
            throw new ArgumentException("the API key has a control character or space in it (a CR/LF would inject a header): check the stored parameter", nameof(value));
        }

        _value = trimmed;
        _bytes = Encoding.UTF8.GetBytes(trimmed);
    }

    internal string HeaderValue => $"apikey {_value}";

    /// <summary><paramref name="body"/> with every occurrence of the key replaced by <c>[redacted]</c> (the same array when there is none).</summary>
    public byte[] Redact(byte[] body)
    {
        var at = body.AsSpan().IndexOf(_bytes);
        if (at < 0)
        {
            return body;
        }

        var redacted = new List<byte>(body.Length);
        var rest = body.AsSpan();
        while ((at = rest.IndexOf(_bytes)) >= 0)
        {
            redacted.AddRange(rest[..at]);
            redacted.AddRange(Mask);
            rest = rest[(at + _bytes.Length)..];
        }

        redacted.AddRange(rest);
        return redacted.ToArray();
    }

    public override string ToString() => "apikey ****";
}
