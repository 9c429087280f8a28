using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelRisk.ServiceDefaults;

namespace ModelRisk.ServiceKit.Http;

/// <summary>
/// Collects field errors for a 400 problem: each field named as the client sent it (<c>conditions[2].dueDate</c>),
/// each reason in words the caller can act on. The checks every service needs live here once.
/// </summary>
public sealed partial class FieldErrors
{
    public const int MaxUriLength = 2000;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
    private static partial Regex SlugPattern();

    public Dictionary<string, string[]> Result { get; } = new(StringComparer.Ordinal);

    public bool Any => Result.Count > 0;

    public static bool IsSlug(string? value) => value is not null && SlugPattern().IsMatch(value);

    public void Add(string field, string message) =>
        Result[field] = Result.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public void Required<T>(string field, T? value, string? what = null) where T : struct
    {
        if (value is null)
        {
            Add(field, what is null ? "Required." : $"Required: {what}.");
        }
    }

    /// <summary>An enum that binds from a number must still name a member before it reaches the database.</summary>
    public void Defined<TEnum>(string field, TEnum? value, bool required = false) where TEnum : struct, Enum
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, $"Required: one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
            }
        }
        else if (!Enum.IsDefined(value.Value))
        {
            Add(field, $"One of {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }
    }

    public void Slug(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "Required.");
        }
        else if (!IsSlug(value))
        {
            Add(field, "A slug: 1-64 lowercase letters, digits and hyphens, starting and ending with a letter or digit.");
        }
    }

    /// <summary>
    /// Text within the column's length, free of control characters and of broken (unpaired UTF-16 surrogate) characters,
    /// which corrupt exports and logs downstream. <paramref name="multiline"/> free text may hold tabs and line breaks;
    /// a one-line value (a name, an owner) may not.
    /// </summary>
    public void Text(string field, string? value, int maxLength, bool required = false, bool multiline = true)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Required.");
        }
        else if (value is not null && value.Length > maxLength)
        {
            Add(field, $"At most {maxLength} characters.");
        }
        else if (value is not null && !IsPrintable(value, multiline))
        {
            Add(field, multiline
                ? "Text without control characters (tabs and line breaks are fine) or broken characters."
                : "One line of text without control characters or broken characters.");
        }
    }

    public static bool IsPrintable(string value, bool multiline)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || (char.IsControl(c) && !(multiline && c is '\t' or '\n' or '\r')))
            {
                return false;
            }
        }
        return true;
    }

    public void Uri(string field, string? value, bool httpOnly, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, "Required.");
            }
        }
        else if (value.Length > MaxUriLength || !IsPrintable(value, multiline: false) || !System.Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (httpOnly && uri.Scheme is not ("http" or "https")))
        {
            Add(field, httpOnly ? $"An absolute http(s) URL of at most {MaxUriLength} characters." : $"An absolute URI of at most {MaxUriLength} characters.");
        }
    }

    /// <summary>A SHA-256 digest as 64 hex digits.</summary>
    public void Sha256(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "Required: the SHA-256 of the content, as 64 hex digits.");
        }
        else if (value.Length != 64 || !value.All(char.IsAsciiHexDigit))
        {
            Add(field, "A SHA-256 digest: 64 hex digits.");
        }
    }

    public void Range(string field, int? value, int min, int max, bool required = false)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, $"Required: a whole number from {min} to {max}.");
            }
        }
        else if (value < min || value > max)
        {
            Add(field, $"From {min} to {max}.");
        }
    }

    public void List<T>(string field, IReadOnlyList<T>? items, Action<string, T> validateItem, int maxItems = 50, bool required = false)
    {
        if (items is null || items.Count == 0)
        {
            if (required)
            {
                Add(field, "Required: at least one item.");
            }
            return;
        }
        if (items.Count > maxItems)
        {
            Add(field, $"At most {maxItems} items.");
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            validateItem($"{field}[{i}]", items[i]);
        }
    }

    public ValidationProblem ToProblem() => ApiProblems.Validation(Result);
}
