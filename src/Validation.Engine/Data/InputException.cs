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
}
