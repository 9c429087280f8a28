namespace ModelRisk.ServiceKit.Paging;

/// <summary>One page of a list: the items and the cursor of the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
