using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ModelRisk.Validation.Engine.Data;

/// <summary>
/// Input the user has to fix: a missing column, a malformed value, an invalid plan. Its message is
/// one line meant for the person running the validation; anything else thrown is a bug.
/// </summary>
public sealed partial class InputException : Exception
{
    public InputException()
    {
    }

    public InputException(string message)
        : base(message)
    {
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private const int QuotedLength = 40;
    private const int LibraryMessageLength = 200;

    /// <summary>The first line of a library's message, to quote it inside the one-line message this exception carries.</summary>
    internal static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>
    /// A value taken from a file, in quotes, fit for a terminal: at most 40 characters, and control,
    /// formatting and undecodable characters written as escapes, so a binary file cannot drive the terminal.
    /// </summary>
    public static string Quote(ReadOnlySpan<char> value) => $"'{Escape(value)}'";

    /// <summary>As <see cref="Quote"/>, without the quotes (for a list of names).</summary>
    public static string Escape(ReadOnlySpan<char> value) => Printable(value, QuotedLength);

    /// <summary>
    /// A library's message, fit to quote: its first line, without the mangled C++ exception type that
    /// Arrow puts first (<c>N7parquet...E (message: '...')</c>), escaped and capped like <see cref="Quote"/>.
    /// </summary>
    internal static string LibraryMessage(string message)
    {
        var line = FirstLine(message);
        var wrapped = WrappedNativeMessage().Match(line);
        return Printable(wrapped.Success ? wrapped.Groups[1].ValueSpan : line, LibraryMessageLength);
    }

    private static string Printable(ReadOnlySpan<char> value, int maxLength)
    {
        var text = new StringBuilder(Math.Min(value.Length, maxLength) + 8);
        var shown = value.Length <= maxLength ? value : value[..maxLength];
        for (var i = 0; i < shown.Length; i++)
        {
            var c = shown[i];
            if (char.IsHighSurrogate(c) && i + 1 < shown.Length && char.IsLowSurrogate(shown[i + 1]))
            {
                text.Append(c).Append(shown[++i]);
                continue;
            }

            var category = char.GetUnicodeCategory(c);
            var escaped = c switch
            {
                '\t' => "\\t",
                '\r' => "\\r",
                '\n' => "\\n",
                _ when c == '\uFFFD' || category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                    or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                    => c <= '\u00FF' ? $"\\x{(int)c:x2}" : $"\\u{(int)c:x4}",
                _ => null,
            };
            if (escaped is null)
            {
                text.Append(c);
            }
            else
            {
                text.Append(escaped);
            }
        }

        if (shown.Length < value.Length)
        {
            text.Append('…');
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^N\w+E \(message: '(.*)'\)$", RegexOptions.CultureInvariant)]
    private static partial Regex WrappedNativeMessage();
}
