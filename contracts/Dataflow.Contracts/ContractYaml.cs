using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Dataflow.Contracts;

/// <summary>Reads a YAML contract file (snake_case keys) into its shape; syntax errors name the file.</summary>
internal static class ContractYaml
{
    private static readonly IDeserializer Deserializer =
        new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();

    public static T Read<T>(string path)
    {
        try
        {
            return Deserializer.Deserialize<T>(ContractFiles.ReadAll(path));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ContractException($"{path}: {e.Message}", e);
        }
    }
}
