using System.Text;
using Dataflow.Ingestion;
using Dataflow.Ingestion.TwelveData;

namespace Dataflow.Ingestion.Tests;

public sealed class ResponseSummaryTests
{
    private static ResponseSummary Of(string body, int status = 200) => ResponseSummary.Of(Encoding.UTF8.GetBytes(body), status);

    [Test]
    public void Bars_are_counted_from_the_values_array() =>
        Assert.That(Of("""{"meta":{"symbol":"AAPL"},"values":[{"datetime":"2025-01-02"},{"datetime":"2025-01-03"}],"status":"ok"}"""),
            Is.EqualTo(new ResponseSummary(SymbolOutcome.Succeeded, 2, null)));

    [Test]
    public void The_no_data_error_is_zero_rows_not_a_failure()
    {
        var summary = Of("""{"code":400,"message":"No data is available on the specified dates. Try setting different start/end dates.","status":"error"}""");

        Assert.That(summary.Outcome, Is.EqualTo(SymbolOutcome.NoData));
        Assert.That(summary.Error!.Code, Is.EqualTo(400));
    }

    [Test]
    public void An_error_body_sent_with_http_200_is_classified_by_its_own_code()
    {
        var summary = Of("""{"code":404,"message":"**symbol** not found: NOPE.","status":"error"}""");

        Assert.That(summary, Is.EqualTo(new ResponseSummary(SymbolOutcome.Skipped, 0,
            new ApiError(Dataflow.Ingestion.TwelveData.ApiErrorKind.SymbolNotFound, 404, "symbol not found: NOPE."))));
    }

    [Test]
    public void An_html_gateway_page_is_a_failure_naming_the_http_status()
    {
        var summary = Of("<html><body>502 Bad Gateway</body></html>", 502);

        Assert.That(summary.Outcome, Is.EqualTo(SymbolOutcome.Failed));
        Assert.That(summary.Error!.Message, Does.StartWith("response is not JSON (HTTP 502)"));
    }
}
