namespace ModelRisk.TestSupport;

/// <summary>Files of the repository (manifests, scripts, settings), found from the test's output folder by walking up to the solution.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    /// <summary>The full path of <paramref name="relative"/> (forward slashes) below the repository's root.</summary>
    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relative));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "ModelRiskPlatform.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No ModelRiskPlatform.sln above {AppContext.BaseDirectory}");
    }
}
