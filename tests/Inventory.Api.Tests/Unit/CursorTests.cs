using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.ServiceKit.Paging;

namespace ModelRisk.Inventory.Tests.Unit;

public sealed class CursorTests
{
    [Fact]
    public void A_model_list_cursor_issued_before_the_template_still_pages()
    {
        // What Inventory issued before it used KeysetPaging: base64url of "m:" and the last id of the page.
        var id = Guid.CreateVersion7().ToString("N");
        var issuedBefore = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("m:" + id));

        Assert.Equal(id, KeysetPaging.DecodeCursor(issuedBefore, ModelQueries.CursorKind));
        Assert.Equal(issuedBefore, KeysetPaging.EncodeCursor(id, ModelQueries.CursorKind));
    }
}
