namespace ModelRisk.Deployment.Tests;

/// <summary>Paths in the repository, found from the test's output folder by walking up to the solution.</summary>
public static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string K8s => Path.Combine(Root, "k8s");

    public static string Full(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>The path relative to the repository root, with forward slashes, as a reviewer reads it.</summary>
    public static string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ModelRiskPlatform.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No ModelRiskPlatform.sln above {AppContext.BaseDirectory}");
    }
}
