using IntegrationHub.Mappings.Loading;
using IntegrationHub.Mappings.Tests.Demo;

namespace IntegrationHub.Mappings.Tests.Loading;

/// <summary>Whatever IT types, loading reports errors and never throws.</summary>
public sealed class MappingFileReaderFuzzTests
{
    private const string Noise = "{}[]:,'\"\t\n -#&*!|>%@`?~\\订";

    public static TheoryData<string> ShippedFiles =>
        [.. Directory.GetFiles(DemoMappings.Folder, "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void Read_MutatedShippedFile_ReportsInsteadOfThrowing(string file)
    {
        var original = File.ReadAllText(Path.Combine(DemoMappings.Folder, file));
        var random = new Random(file.Length * 7919);
        var invalid = 0;
        for (var i = 0; i < 800; i++)
        {
            var text = Mutate(original, random, 1 + random.Next(3));
            var errors = new List<MappingError>();

            var parsed = MappingFileReader.Read(file, text, errors);

            Assert.True(parsed.Mapping is null == errors.Count > 0, $"Mapping and errors disagree for:\n{text}");
            Assert.All(errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, e.ToString()));
            invalid += errors.Count > 0 ? 1 : 0;
        }

        // Guards the guard: most mutations must break the file, or the loop tested nothing.
        Assert.True(invalid > 250, $"only {invalid} of 800 mutations were invalid");
    }

    private static string Mutate(string text, Random random, int edits)
    {
        var chars = new List<char>(text);
        for (var e = 0; e < edits && chars.Count > 0; e++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(4))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
                case 2:
                    chars[at] = Noise[random.Next(Noise.Length)];
                    break;
                default:
                    chars.RemoveRange(at, chars.Count - at);
                    break;
            }
        }

        return new string([.. chars]);
    }
}
