using Dataflow.Twin.Etl;

namespace Dataflow.Twin.Tests;

public sealed class DuckDbSessionTests
{
    [Test]
    public void The_memory_limit_is_bounded_by_default_not_DuckDBs_share_of_the_machine()
    {
        using var session = new DuckDbSession();
        using var explicitDefault = new DuckDbSession(DuckDbSession.DefaultMemoryLimit);
        using var plain = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        plain.Open();
        using var command = plain.CreateCommand();
        command.CommandText = "select current_setting('memory_limit')";

        Assert.That(Limit(session), Is.EqualTo(Limit(explicitDefault)));
        Assert.That(Limit(session), Is.Not.EqualTo((string)command.ExecuteScalar()!));
    }

    [Test]
    public void A_work_larger_than_the_limit_spills_and_the_spill_folder_goes_with_the_session()
    {
        string spill;
        using (var db = new DuckDbSession("64MB"))
        {
            // A temporary table of about 250 MB under a 64 MB limit, as staging a large raw zone makes: only a spill holds it.
            db.Execute("create temp table big as select i, repeat(cast(i as varchar), 12) as payload from range(3000000) t(i)", "filling");
            Assert.That(db.Scalar<long>("select count(*) from big where length(payload) >= 12", "reading back"), Is.EqualTo(3_000_000));
            spill = db.Scalar<string>("select current_setting('temp_directory')", "reading the spill folder");
            Assert.That(spill, Does.StartWith(Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar)));
        }

        Assert.That(Directory.Exists(spill), Is.False);
    }

    [Test]
    public void A_limit_that_is_not_a_size_is_refused_with_the_value()
    {
        var e = Assert.Throws<TwinException>(() => _ = new DuckDbSession("lots"));

        Assert.That(e!.Message, Does.Contain("'lots'").And.Contain("is not a size such as 2GB"));
    }

    private static string Limit(DuckDbSession db) => db.Scalar<string>("select current_setting('memory_limit')", "reading the limit");
}
