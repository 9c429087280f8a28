using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelRisk.ServiceDefaults;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.ServiceKit.Tests;

public sealed class EditingTests
{
    private static HttpRequest Request(string? ifMatch)
    {
        var context = new DefaultHttpContext();
        if (ifMatch is not null)
        {
            context.Request.Headers.IfMatch = ifMatch;
        }
        return context.Request;
    }

    [Fact]
    public async Task Load_for_edit_answers_404_428_412_or_the_aggregate()
    {
        var (connection, create) = WidgetDb.InMemory();
        await using var _ = connection;
        await using var db = create();
        var widget = Widget.Create("w", "red");
        db.Widgets.Add(widget);
        await db.SaveChangesAsync();

        var missing = await Editing.LoadForEditAsync(db.Widgets, "nope", Request("\"1\""), "No widget 'nope'.", default);
        var noIfMatch = await Editing.LoadForEditAsync(db.Widgets, widget.Id, Request(null), "", default);
        var stale = await Editing.LoadForEditAsync(db.Widgets, widget.Id, Request("\"7\""), "", default);
        var current = await Editing.LoadForEditAsync(db.Widgets, widget.Id, Request("\"1\""), "", default);

        Assert.Equal(404, missing.Problem?.StatusCode);
        Assert.Equal(428, noIfMatch.Problem?.StatusCode);
        Assert.Equal(412, stale.Problem?.StatusCode);
        Assert.Same(widget, current.Aggregate);
    }

    [Fact]
    public async Task A_concurrent_edit_is_412_with_the_current_etag_when_if_match_was_sent_and_409_otherwise()
    {
        var (connection, create) = WidgetDb.InMemory();
        await using var _ = connection;
        string id;
        await using (var db = create())
        {
            var widget = Widget.Create("w", "red");
            db.Widgets.Add(widget);
            await db.SaveChangesAsync();
            id = widget.Id;
        }
        await using var first = create();
        await using var second = create();
        var a = await first.Widgets.SingleAsync(w => w.Id == id);
        var b = await second.Widgets.SingleAsync(w => w.Id == id);
        a.Repaint("green");
        Assert.Null(await Editing.SaveAsync(first, default));

        b.Repaint("blue");
        var withPrecondition = await Editing.SaveAsync(second, default);
        var withoutPrecondition = await Editing.SaveAsync(second, default, preconditionSent: false);

        Assert.Equal(412, withPrecondition?.StatusCode);
        Assert.Equal("\"2\"", ((ProblemHttpResult)withPrecondition!).ProblemDetails.Extensions["currentETag"]);
        Assert.Equal(409, withoutPrecondition?.StatusCode);
    }

    [Fact]
    public async Task A_uniqueness_race_is_409_but_any_other_database_error_is_not_a_conflict()
    {
        var (connection, create) = WidgetDb.InMemory();
        await using var _ = connection;
        await using (var db = create())
        {
            db.Widgets.Add(Widget.Create("taken", "red"));
            await db.SaveChangesAsync();
        }
        await using (var db = create())
        {
            db.Widgets.Add(Widget.Create("taken", "red"));
            var conflict = await Editing.SaveAsync(db, default, preconditionSent: false);
            Assert.Equal(409, conflict?.StatusCode);
            Assert.Equal(ApiProblems.ConflictType, conflict!.ProblemDetails.Type);
        }
        await using (var db = create())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER refuse BEFORE INSERT ON Widgets BEGIN SELECT RAISE(ABORT, 'disk says no'); END;");
            db.Widgets.Add(Widget.Create("other", "red"));
            await Assert.ThrowsAsync<DbUpdateException>(() => Editing.SaveAsync(db, default, preconditionSent: false));
        }
    }
}
