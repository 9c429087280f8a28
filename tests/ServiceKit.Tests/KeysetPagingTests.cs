using ModelRisk.ServiceKit.Http;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.ServiceKit.Tests;

public sealed class KeysetPagingTests
{
    [Fact]
    public async Task Pages_walk_every_row_once_in_id_order()
    {
        var (connection, create) = WidgetDb.InMemory();
        await using var _ = connection;
        await using var db = create();
        for (var i = 0; i < 7; i++)
        {
            db.Widgets.Add(Widget.Create($"w{i}", "red"));
        }
        await db.SaveChangesAsync();

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await db.Widgets.PageAsync(3, cursor, "w", default);
            seen.AddRange(page.Items.Select(w => w.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(7, seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
    }

    [Theory]
    [InlineData(0, null, "limit")]
    [InlineData(201, null, "limit")]
    [InlineData(10, "not-a-cursor", "cursor")]
    public void Bad_paging_parameters_are_field_errors(int limit, string? cursor, string field)
    {
        var errors = new FieldErrors();

        errors.ValidatePaging(limit, cursor, "w");

        Assert.Contains(field, errors.Result.Keys);
    }

    [Fact]
    public void A_cursor_of_another_list_is_refused()
    {
        var errors = new FieldErrors();

        errors.ValidatePaging(10, KeysetPaging.EncodeCursor("0190", "reviews"), "models");

        Assert.Contains("cursor", errors.Result.Keys);
    }
}
