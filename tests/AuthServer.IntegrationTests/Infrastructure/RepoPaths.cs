namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>Files of the repository itself, found by walking up to AuthServer.sln.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string RootSettingsFile => Path.Combine(Root, "appsettings.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthServer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AuthServer.sln not found above " + AppContext.BaseDirectory);
    }
}
