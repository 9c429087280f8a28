using ModelRisk.Validation.Engine.Data;

namespace ModelRisk.Validation.Engine.Running;

/// <summary>Which file columns a request reads, and the role of each: a column used twice is read once.</summary>
internal sealed class ColumnLayout
{
    private ColumnLayout(List<ColumnSpec> specs, List<string> roles, int score, int label, int group, int id, int[] drift, List<string> notes)
    {
        Notes = notes;
        Specs = specs;
        Roles = roles;
        Score = score;
        Label = label;
        Group = group;
        Id = id;
        Drift = drift;
    }

    public IReadOnlyList<ColumnSpec> Specs { get; }

    public IReadOnlyList<string> Roles { get; }

    public int Score { get; }

    public int Label { get; }

    public int Group { get; }

    public int Id { get; }

    public int[] Drift { get; }

    /// <summary>What the run left out of the files and why (duplicated column names it does not use).</summary>
    public IReadOnlyList<string> Notes { get; }

    public static ColumnLayout For(ValidationRequest request)
    {
        if (string.Equals(request.ScoreColumn, request.LabelColumn, StringComparison.Ordinal))
        {
            throw new InputException($"the score and the label are both column '{request.ScoreColumn}'");
        }

        var specs = new List<ColumnSpec>();
        var roles = new List<string>();
        int Add(string name, ColumnKind kind, string role)
        {
            var existing = specs.FindIndex(s => string.Equals(s.Name, name, StringComparison.Ordinal));
            if (existing >= 0)
            {
                if (specs[existing].Kind != kind)
                {
                    throw new InputException($"column '{name}' cannot be both the {roles[existing]} and a {role} column");
                }

                roles[existing] += "+" + role;
                return existing;
            }

            specs.Add(new ColumnSpec(name, kind));
            roles.Add(role);
            return specs.Count - 1;
        }

        var score = Add(request.ScoreColumn, ColumnKind.Numeric, "score");
        var label = Add(request.LabelColumn, ColumnKind.Label, "label");
        var group = request.GroupColumn is { } g ? Add(g, ColumnKind.Categorical, "group") : -1;
        var id = request.IdColumn is { } i ? Add(i, ColumnKind.Categorical, "id") : -1;

        var dataFile = Path.GetFileName(request.DataPath);
        var dataColumns = TableReader.ReadColumnNames(request.DataPath);
        var dataDuplicates = TableReader.Duplicates(dataColumns);
        IReadOnlyList<string> referenceDuplicates = [];
        var driftNames = request.DriftColumns ?? [];
        if (driftNames.Count > 0 && request.ReferencePath is null)
        {
            throw new InputException("drift columns need a reference file to compare with");
        }

        if (request.ReferencePath is { } reference)
        {
            // Checked here, before any rows are read, so a reference that cannot be compared fails at once.
            var referenceColumns = TableReader.ReadColumnNames(reference);
            referenceDuplicates = TableReader.Duplicates(referenceColumns);
            if (driftNames.Count == 0)
            {
                // A name either file holds twice is ambiguous, so the default comparison leaves it out (and says so).
                var used = new HashSet<string>([request.ScoreColumn, request.LabelColumn, request.GroupColumn ?? "", request.IdColumn ?? ""], StringComparer.Ordinal);
                used.UnionWith(dataDuplicates);
                used.UnionWith(referenceDuplicates);
                driftNames = [.. dataColumns.Where(c => referenceColumns.Contains(c) && !used.Contains(c)).Distinct(StringComparer.Ordinal)];
                if (driftNames.Count == 0)
                {
                    throw new InputException($"{Path.GetFileName(reference)}: the reference shares no columns with the data besides score, label, group and id (names either file holds twice are left out)");
                }
            }
            else if (driftNames.Where(d => !referenceColumns.Contains(d)).ToList() is { Count: > 0 } absent)
            {
                throw new InputException(
                    $"{Path.GetFileName(reference)}: the reference has another schema: it lacks {string.Join(", ", absent.Select(c => InputException.Escape(c)))}; its columns are: {string.Join(", ", referenceColumns.Select(c => InputException.Escape(c)))}");
            }
        }

        var drift = new List<int>();
        if (driftNames.Count > 0)
        {
            var kinds = TableReader.InferKinds(request.DataPath, driftNames);
            foreach (var spec in kinds)
            {
                if (string.Equals(spec.Name, request.LabelColumn, StringComparison.Ordinal))
                {
                    throw new InputException($"drift column '{spec.Name}' is the label column; drift of the label is not supported");
                }

                var kind = string.Equals(spec.Name, request.GroupColumn, StringComparison.Ordinal) || string.Equals(spec.Name, request.IdColumn, StringComparison.Ordinal)
                    ? ColumnKind.Categorical
                    : spec.Kind;
                var index = Add(spec.Name, kind, "drift");
                if (!drift.Contains(index))
                {
                    drift.Add(index);
                }
            }
        }

        // A duplicated name the run uses is refused when the file is opened; one it does not use is only noted.
        var notes = new List<string>();
        void Note(string file, IReadOnlyList<string> duplicates)
        {
            foreach (var name in duplicates.Where(d => !specs.Exists(s => string.Equals(s.Name, d, StringComparison.Ordinal))))
            {
                notes.Add($"{file}: column {InputException.Quote(name)} appears more than once in the header; this run does not use it, so it was ignored");
            }
        }

        Note(dataFile, dataDuplicates);
        if (request.ReferencePath is { } referenceFile)
        {
            Note(Path.GetFileName(referenceFile), referenceDuplicates);
        }

        return new ColumnLayout(specs, roles, score, label, group, id, [.. drift], notes);
    }
}
