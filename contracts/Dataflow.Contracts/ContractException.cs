namespace Dataflow.Contracts;

/// <summary>A contract file is missing or does not say what the code relies on.</summary>
public sealed class ContractException : Exception
{
    public ContractException(string message) : base(message) { }
    public ContractException(string message, Exception inner) : base(message, inner) { }
    public ContractException() { }
}
