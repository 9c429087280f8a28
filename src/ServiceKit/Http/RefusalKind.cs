namespace ModelRisk.ServiceKit.Http;

public enum RefusalKind
{
    /// <summary>404: not there, or not in the caller's orgs (the two are never told apart).</summary>
    NotFound,

    /// <summary>403: the caller's role or relationship to the thing forbids it (separation of duties).</summary>
    Forbidden,

    /// <summary>409: the request conflicts with the current data (a duplicate, a quorum already met).</summary>
    Conflict,

    /// <summary>409: the aggregate's state machine does not allow the move.</summary>
    IllegalTransition,

    /// <summary>400: one field's value is not acceptable in this state.</summary>
    Invalid,
}
