using System.Diagnostics;
using Femto.Tests.ChildProcesses;

namespace Femto.Tests.Extensions;

/// <summary>The NuGet packages are complete: <c>dotnet pack</c> the libraries (already built by the test run) into a
/// local folder feed, then a fresh project outside the repository restores <c>Femto.Extensions.Logging</c> from that
/// feed — package references only, no project references — builds, runs a Generic Host logging through ILogger&lt;T&gt;,
/// and the line is in the file it configured in appsettings.json.</summary>
public sealed class PackagesTests : FemtoTestBase
{
    private static readonly TimeSpan StepPatience = TimeSpan.FromMinutes(5);

    [Test]
    public void APackedProviderRestoresFromAFolderFeedAndLogs()
    {
        string repo = RepositoryRoot();
        string feed = TempPath("feed");
        // A version of this run's own: the global packages folder never serves a stale copy of an earlier run.
        string version = "0.1.0-test." + Guid.NewGuid().ToString("N")[..12];
        foreach (var project in new[] { "Femto.Core", "Femto.Handlers", "Femto.Config", "Femto.Extensions.Logging" })
            Run(repo, "pack", Path.Combine(repo, project, project + ".csproj"), "-c", Configuration(), "--no-build", "-o", feed, $"-p:PackageVersion={version}");
        Assert.That(Directory.GetFiles(feed, "*.nupkg"), Has.Length.EqualTo(4));
        Assert.That(Directory.GetFiles(feed, "*.snupkg"), Has.Length.EqualTo(4), "symbols packages");

        string app = TempPath("consumer");
        Directory.CreateDirectory(app);
        string log = Path.Combine(app, "out.log");
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="femto-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        // Outside the repository: no Directory.Build.props, no central package versions, no project references.
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Femto.Extensions.Logging" Version="{version}" />
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.15" />
              </ItemGroup>
              <ItemGroup>
                <None Update="appsettings.json" CopyToOutputDirectory="PreserveNewest" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "appsettings.json"), $$"""
            { "Logging": { "Femto": {
                "handlers": { "file": { "class": "logging.FileHandler", "filename": {{System.Text.Json.JsonSerializer.Serialize(log)}} } },
                "root": { "level": "INFO", "handlers": [ "file" ] } } } }
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Femto.Extensions.Logging;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders().AddFemto();
            using var host = builder.Build();
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Consumer").LogInformation("from the packages {Answer}", 42);
            """);

        Run(app, "run", "-c", "Release", "--project", Path.Combine(app, "Consumer.csproj"));
        Assert.That(File.ReadAllLines(log), Does.Contain("Consumer [INFO] from the packages 42"));
    }

    private static void Run(string directory, params string[] args)
    {
        var info = new ProcessStartInfo(ChildApp.DotnetHost())
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(StepPatience);
        if (!exited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        Assert.That(exited && process.ExitCode == 0, Is.True,
            $"dotnet {string.Join(' ', args)} failed ({(exited ? "exit " + process.ExitCode : "timed out")}):\n{stdout.Result}\n{stderr.Result}");
    }

    /// <summary>The configuration the tests were built with (…/bin/&lt;Configuration&gt;/&lt;tfm&gt;/): the libraries were
    /// built with it too, so they pack without building again.</summary>
    private static string Configuration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";

    /// <summary>The directory holding femto.sln, above the test assembly.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "femto.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("femto.sln was not found above " + AppContext.BaseDirectory);
    }
}
