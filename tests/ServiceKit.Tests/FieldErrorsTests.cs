using ModelRisk.ServiceKit.Http;

namespace ModelRisk.ServiceKit.Tests;

public sealed class FieldErrorsTests
{
    private enum Colour
    {
        Red,
    }

    [Fact]
    public void Each_check_names_its_field()
    {
        var errors = new FieldErrors();

        errors.Text("name", new string('x', 201), 200);
        errors.Text("note", "bell\u0007", 200);
        errors.Text("title", " ", 10, required: true);
        errors.Slug("org", "Not A Slug");
        errors.Uri("url", "ftp://x", httpOnly: true);
        errors.Sha256("sha256", "abc");
        errors.Defined<Colour>("colour", (Colour)7);
        errors.Range("count", 0, 1, 10);
        errors.List("items", ["ok", ""], (field, value) => errors.Text(field, value, 5, required: true));

        Assert.Equal(["name", "note", "title", "org", "url", "sha256", "colour", "count", "items[1]"], errors.Result.Keys);
        Assert.Equal(400, errors.ToProblem().StatusCode);
    }

    [Fact]
    public void Valid_values_add_nothing()
    {
        var errors = new FieldErrors();

        errors.Text("name", "line one\nline two\ttab", 200, required: true);
        errors.Slug("org", "acme-lending");
        errors.Uri("url", "https://example.test/x", httpOnly: true);
        errors.Sha256("sha256", new string('a', 64));
        errors.Defined<Colour>("colour", Colour.Red, required: true);

        Assert.False(errors.Any);
    }

    [Fact]
    public void One_line_text_refuses_line_breaks_and_any_text_refuses_broken_characters()
    {
        var errors = new FieldErrors();

        errors.Text("name", "line one\nline two", 200, multiline: false);
        errors.Text("note", "half a pair \ud83d", 200);
        errors.Text("emoji", "a pair \ud83d\ude00", 200, multiline: false);
        errors.Uri("url", "https://example.test/\u0000", httpOnly: true);

        Assert.Equal(["name", "note", "url"], errors.Result.Keys);
    }

    [Fact]
    public void Refusals_map_to_one_problem_per_kind()
    {
        Assert.Equal(404, Refusal.NotFound("x").ToProblem().StatusCode);
        Assert.Equal(403, Refusal.Forbidden("x").ToProblem().StatusCode);
        Assert.Equal(409, Refusal.Conflict("x").ToProblem().StatusCode);
        Assert.Equal(ModelRisk.ServiceDefaults.ApiProblems.IllegalTransitionType, Refusal.IllegalTransition("x").ToProblem().ProblemDetails.Type);
        var invalid = Refusal.Invalid("dueDate", "In the future.").ToProblem();
        Assert.Equal(400, invalid.StatusCode);
        Assert.True(invalid.ProblemDetails.Extensions.ContainsKey("errors"));
    }
}
