namespace ModelRisk.Datasets.Storage;

/// <summary>
/// The keys both stores accept: slash-separated segments of ASCII letters, digits, '-', '_' and '.', none empty,
/// none starting with '.', at most 512 characters. So a key never climbs out of the local root (no "..", no
/// absolute path, no backslash) and means the same object on the filesystem and in a bucket.
/// </summary>
public static class DatasetKeys
{
    public const int MaxLength = 512;

    public static bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength)
        {
            return false;
        }
        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '.' || !segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    public static void Validate(string? key)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException(
                $"Not a dataset key: slash-separated segments of letters, digits, '-', '_' and '.', none empty or starting with '.', at most {MaxLength} characters.",
                nameof(key));
        }
    }
}
