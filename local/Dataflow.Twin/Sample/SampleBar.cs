namespace Dataflow.Twin.Sample;

/// <summary>One generated daily bar before it is written as JSON strings.</summary>
internal sealed record SampleBar(DateOnly Day, decimal Open, decimal High, decimal Low, decimal Close, long? Volume);
