namespace Femto.Tests.Reliability;

/// <summary>The reliability battery runs a quick form in every test run and a long form (the soak) when
/// <c>FEMTO_SOAK=1</c>: <c>FEMTO_SOAK=1 dotnet test Femto.Tests -c Release --filter Category=Battery</c>.</summary>
internal static class Battery
{
    public const string Category = "Battery";

    /// <summary>True for the soak run.</summary>
    public static bool Soak => Environment.GetEnvironmentVariable("FEMTO_SOAK") == "1";

    /// <summary>The quick figure, or the soak figure under FEMTO_SOAK=1.</summary>
    public static int Scale(int quick, int soak) => Soak ? soak : quick;
}
