namespace ModelRisk.Validation.Engine.Data;

/// <summary>
/// Input the user has to fix: a missing column, a malformed value, an invalid plan. Its message is
/// one line meant for the person running the validation; anything else thrown is a bug.
/// </summary>
public sealed class InputException : Exception
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

    /// <summary>The first line of a library's message, to quote it inside the one-line message this exception carries.</summary>
    internal static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
