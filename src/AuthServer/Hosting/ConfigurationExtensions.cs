using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace AuthServer.Hosting;

public static class ConfigurationExtensions
{
    /// <summary>
    /// Loads the repository's root <c>appsettings.json</c> (and <c>appsettings.{Environment}.json</c>), which
    /// the build copies beside the binaries, in place of the content root's files. The content root differs
    /// between <c>dotnet run</c>, a published app and the test host; the binaries' folder does not.
    /// The files are not watched: a database file next to them would wake the watcher on every write.
    /// Environment variables and the command line still override them, as usual.
    /// </summary>
    public static void UseRootSettingsFile(this ConfigurationManager configuration, IHostEnvironment environment)
    {
        var sources = configuration.Sources;
        var index = Math.Max(0, sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: "appsettings.json" }));
        foreach (var existing in sources.OfType<JsonConfigurationSource>()
                     .Where(s => s.Path is "appsettings.json" || s.Path == $"appsettings.{environment.EnvironmentName}.json")
                     .ToList())
        {
            sources.Remove(existing);
        }

        var files = new PhysicalFileProvider(AppContext.BaseDirectory);
        sources.Insert(index, Json(files, "appsettings.json", optional: false));
        sources.Insert(index + 1, Json(files, $"appsettings.{environment.EnvironmentName}.json", optional: true));
    }

    private static JsonConfigurationSource Json(IFileProvider files, string path, bool optional) => new()
    {
        FileProvider = files,
        Path = path,
        Optional = optional,
        ReloadOnChange = false,
    };
}
