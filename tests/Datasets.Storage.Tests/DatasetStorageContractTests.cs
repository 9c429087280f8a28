using System.Text;

namespace ModelRisk.Datasets.Storage.Tests;

/// <summary>
/// What every dataset store promises, run against the local filesystem and against a real S3 REST server (s3rver):
/// round trips with the digest computed while streaming, formats recognised from the content, size limits and
/// failures that leave nothing, byte ranges, deletes, keys that cannot escape, concurrent writers.
/// </summary>
[Collection(StoresCollection.Name)]
public sealed class DatasetStorageContractTests(StoresFixture stores)
{
    private const long Limit = 64L * 1024 * 1024;

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task A_csv_round_trips_with_its_size_digest_and_header(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        var data = Content.Csv(500);

        var write = await store.Storage.WriteAsync("org-a/d1", new SourceStream(data, chunk: 1000), Limit, default);

        var stored = Assert.IsType<StoredDataset>(write.Stored);
        Assert.Null(write.Rejection);
        Assert.Equal(("org-a/d1", data.LongLength, Content.Sha256(data), DatasetFormat.Csv), (stored.Key, stored.SizeBytes, stored.Sha256, stored.Format));
        Assert.Equal(["id", "score", "label"], stored.Columns);
        Assert.Equal(data, await Content.ReadAllAsync(await store.Storage.OpenReadAsync("org-a/d1")));
        Assert.Equal(data.LongLength, await store.Storage.GetSizeAsync("org-a/d1", default));
        Assert.True(await store.Storage.ExistsAsync("org-a/d1", default));
        Assert.Equal(["org-a/d1"], await store.EverythingStoredAsync());
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task A_dataset_larger_than_one_part_streams_through_and_round_trips(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        // Past two S3 parts of 5 MiB, so the upload is multipart with a short last part.
        var data = Content.CsvOfSize(12 * 1024 * 1024);

        var stored = (await store.Storage.WriteAsync("big", new SourceStream(data, chunk: 100_000), Limit, default)).Stored!;

        Assert.Equal(Content.Sha256(data), stored.Sha256);
        Assert.Equal(data.LongLength, stored.SizeBytes);
        Assert.Equal(Content.Sha256(data), Content.Sha256(await Content.ReadAllAsync(await store.Storage.OpenReadAsync("big"))));
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task Parquet_is_recognised_by_its_magic_at_both_ends(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        var data = Content.ParquetShaped(10_000);

        var stored = (await store.Storage.WriteAsync("p.parquet", new SourceStream(data, chunk: 3), Limit, default)).Stored!;

        Assert.Equal(DatasetFormat.Parquet, stored.Format);
        Assert.Empty(stored.Columns);
        Assert.Equal(Content.Sha256(data), stored.Sha256);
        Assert.Equal(data, await Content.ReadAllAsync(await store.Storage.OpenReadAsync("p.parquet")));
    }

    public static TheoryData<StoreKind, string, string> NotDatasets()
    {
        var cases = new (string Name, byte[] Bytes, string Reason)[]
        {
            ("empty", [], "empty"),
            ("binary", [0x01, 0x02, 0x00, 0x03, 0x04], "NUL"),
            ("not utf-8", [.. "a,b\n"u8, 0xC3, 0x28, .. "\n"u8], "not UTF-8"),
            ("ends inside a character", [.. "a,b\n1,"u8, 0xE2, 0x82], "ends inside a character"),
            ("empty first line", "\n1,2\n"u8.ToArray(), "first line is empty"),
            ("unnamed column", "a,,c\n1,2,3\n"u8.ToArray(), "column 2"),
            ("duplicate column", "a,b,a\n1,2,3\n"u8.ToArray(), "'a' appears twice"),
            ("open quote", "\"a,b\n1,2\n"u8.ToArray(), "never closed"),
            ("truncated parquet", [.. "PAR1"u8, 0x00, 0x15, 0x04, 0x15, 0x10, 0x00, 0x01, 0x02], "PAR1 but does not end with it"),
        };
        var data = new TheoryData<StoreKind, string, string>();
        foreach (var kind in Kinds())
        {
            foreach (var c in cases)
            {
                data.Add(kind, c.Name, Convert.ToBase64String(c.Bytes) + "|" + c.Reason);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NotDatasets))]
    public async Task Content_that_is_neither_csv_nor_parquet_is_refused_with_the_reason_and_nothing_is_stored(StoreKind kind, string name, string bytesAndReason)
    {
        await using var store = await stores.CreateAsync(kind);
        var (bytes, reason) = (Convert.FromBase64String(bytesAndReason.Split('|')[0]), bytesAndReason.Split('|')[1]);

        var write = await store.Storage.WriteAsync("x", new SourceStream(bytes, chunk: 2), Limit, default);

        Assert.Null(write.Stored);
        Assert.Equal(DatasetRejectionKind.NotADataset, write.Rejection!.Kind);
        Assert.True(write.Rejection.Reason.Contains(reason, StringComparison.Ordinal), $"{name}: {write.Rejection.Reason}");
        Assert.Empty(await store.EverythingStoredAsync());
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task A_header_with_a_byte_order_mark_quotes_and_crlf_gives_clean_column_names(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        byte[] data = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("\"id\",\"a, b\",\"say \"\"hi\"\"\",é\r\n1,2,3,4\r\n")];

        var stored = (await store.Storage.WriteAsync("bom", new SourceStream(data, chunk: 1), Limit, default)).Stored!;

        Assert.Equal(["id", "a, b", "say \"hi\"", "é"], stored.Columns);
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task A_dataset_over_the_limit_is_refused_and_leaves_nothing_not_even_a_replaced_object(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        var first = Content.Csv(10);
        await store.Storage.WriteAsync("d", new SourceStream(first), Limit, default);
        var big = Content.CsvOfSize(11 * 1024 * 1024);

        var write = await store.Storage.WriteAsync("d", new SourceStream(big), maxBytes: 6 * 1024 * 1024, default);
        var other = await store.Storage.WriteAsync("e", new SourceStream(big), maxBytes: big.Length - 1, default);

        Assert.Equal(DatasetRejectionKind.TooLarge, write.Rejection!.Kind);
        Assert.Contains("6 MiB", write.Rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(DatasetRejectionKind.TooLarge, other.Rejection!.Kind);
        Assert.Equal(["d"], await store.EverythingStoredAsync());
        Assert.Equal(kind == StoreKind.S3, store.AbortedAnUpload);
        Assert.Equal(first, await Content.ReadAllAsync(await store.Storage.OpenReadAsync("d")));
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task A_dataset_of_exactly_the_limit_is_accepted(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        var data = Content.Csv(100);

        var write = await store.Storage.WriteAsync("exact", new SourceStream(data), data.Length, default);

        Assert.Equal(data.LongLength, write.Stored!.SizeBytes);
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task Byte_ranges_read_exactly_the_bytes_asked_for(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        var data = Content.Csv(2000);
        await store.Storage.WriteAsync("r", new SourceStream(data), Limit, default);

        Assert.Equal(data[1000..1500], await Content.ReadAllAsync(await store.Storage.OpenReadAsync("r", 1000, 500)));
        Assert.Equal(data[..1], await Content.ReadAllAsync(await store.Storage.OpenReadAsync("r", 0, 1)));
        Assert.Equal(data[5000..], await Content.ReadAllAsync(await store.Storage.OpenReadAsync("r", 5000)));
        Assert.Equal(data[^10..], await Content.ReadAllAsync(await store.Storage.OpenReadAsync("r", data.Length - 10, 100)));
        Assert.Empty(await Content.ReadAllAsync(await store.Storage.OpenReadAsync("r", data.Length)));
        Assert.Empty(await Content.ReadAllAsync(await store.Storage.OpenReadAsync("r", data.Length + 10, 5)));
        Assert.Empty(await Content.ReadAllAsync(await store.Storage.OpenReadAsync("r", 10, 0)));
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task Deleting_removes_the_object_and_deleting_twice_is_fine(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        await store.Storage.WriteAsync("gone", new SourceStream(Content.Csv(3)), Limit, default);

        await store.Storage.DeleteAsync("gone", default);
        await store.Storage.DeleteAsync("gone", default);

        Assert.Null(await store.Storage.GetSizeAsync("gone", default));
        Assert.False(await store.Storage.ExistsAsync("gone", default));
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => store.Storage.OpenReadAsync("gone"));
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => store.Storage.OpenReadAsync("gone", 0, 0));
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => store.Storage.GetLocalFileAsync("gone", default));
        Assert.Empty(await store.EverythingStoredAsync());
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task A_local_file_holds_the_content_and_a_temporary_copy_goes_away_on_dispose(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        var data = Content.ParquetShaped(5000);
        await store.Storage.WriteAsync("f", new SourceStream(data), Limit, default);

        string path;
        await using (var file = await store.Storage.GetLocalFileAsync("f", default))
        {
            path = file.Path;
            Assert.Equal(data, await File.ReadAllBytesAsync(path));
            Assert.Equal(kind == StoreKind.S3, file.IsTemporary);
        }

        Assert.Equal(kind == StoreKind.Local, File.Exists(path));
        Assert.Empty(store.TemporaryFiles());
        Assert.Equal(["f"], await store.EverythingStoredAsync());
    }

    [Theory]
    [MemberData(nameof(HostileKeys))]
    public async Task Keys_that_could_escape_the_store_are_refused_before_anything_is_touched(StoreKind kind, string key)
    {
        await using var store = await stores.CreateAsync(kind);

        await Assert.ThrowsAsync<ArgumentException>(() => store.Storage.WriteAsync(key, new SourceStream(Content.Csv(1)), Limit, default));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Storage.OpenReadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Storage.GetLocalFileAsync(key, default));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Storage.DeleteAsync(key, default));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Storage.GetSizeAsync(key, default));
        Assert.Empty(await store.EverythingStoredAsync());
    }

    public static TheoryData<StoreKind, string> HostileKeys()
    {
        string[] keys = ["", "../escape", "a/../../escape", "/etc/passwd", "a//b", "a/", ".incoming/x", ".hidden", "a\\..\\b", "C:", "a b", "a/%2e%2e/b", new string('a', 513)];
        var data = new TheoryData<StoreKind, string>();
        foreach (var kind in Kinds())
        {
            foreach (var key in keys)
            {
                data.Add(kind, key);
            }
        }
        return data;
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task Concurrent_writes_to_different_keys_each_store_their_own_content(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        var datasets = Enumerable.Range(0, 8).Select(i => (Key: $"org/c{i}", Data: Content.Csv(200 + (i * 37)))).ToList();

        var writes = await Task.WhenAll(datasets.Select(d => store.Storage.WriteAsync(d.Key, new SourceStream(d.Data, chunk: 500), Limit, default)));

        Assert.All(writes.Zip(datasets), w => Assert.Equal(Content.Sha256(w.Second.Data), w.First.Stored!.Sha256));
        foreach (var (key, data) in datasets)
        {
            Assert.Equal(data, await Content.ReadAllAsync(await store.Storage.OpenReadAsync(key)));
        }
        Assert.Equal(datasets.Select(d => d.Key).Order(), await store.EverythingStoredAsync());
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task A_write_cancelled_mid_upload_leaves_nothing(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        var data = Content.CsvOfSize(12 * 1024 * 1024);
        using var cancel = new CancellationTokenSource();

        // Past the first S3 part, so a multipart upload has begun when the caller goes away.
        var source = new SourceStream(data, stopAfter: 7 * 1024 * 1024, cancel: cancel);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Storage.WriteAsync("c", source, Limit, cancel.Token));

        Assert.Empty(await store.EverythingStoredAsync());
        Assert.Null(await store.Storage.GetSizeAsync("c", default));
        // The parts already uploaded are released, not left for the bucket's lifecycle rule.
        Assert.Equal(kind == StoreKind.S3, store.AbortedAnUpload);
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task A_source_that_breaks_mid_upload_leaves_nothing(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        var data = Content.CsvOfSize(8 * 1024 * 1024);

        await Assert.ThrowsAsync<IOException>(() => store.Storage.WriteAsync("b", new SourceStream(data, stopAfter: 6 * 1024 * 1024, fail: true), Limit, default));

        Assert.Empty(await store.EverythingStoredAsync());
        Assert.Equal(kind == StoreKind.S3, store.AbortedAnUpload);
    }

    [Theory]
    [LocalStore]
    [S3Store]
    public async Task Writing_a_key_again_replaces_its_content(StoreKind kind)
    {
        await using var store = await stores.CreateAsync(kind);
        await store.Storage.WriteAsync("v", new SourceStream(Content.Csv(5)), Limit, default);
        var second = Content.ParquetShaped(100);

        var stored = (await store.Storage.WriteAsync("v", new SourceStream(second), Limit, default)).Stored!;

        Assert.Equal(DatasetFormat.Parquet, stored.Format);
        Assert.Equal(second, await Content.ReadAllAsync(await store.Storage.OpenReadAsync("v")));
    }

    private static IEnumerable<StoreKind> Kinds() =>
        TestSupport.S3rver.Script is not null || TestSupport.S3rver.Required ? [StoreKind.Local, StoreKind.S3] : [StoreKind.Local];
}
