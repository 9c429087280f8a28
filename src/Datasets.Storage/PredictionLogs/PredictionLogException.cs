namespace ModelRisk.Datasets.Storage.PredictionLogs;

/// <summary>
/// A prediction-log or label object that is not what <see cref="PredictionLogFormat"/> writes: not CSV, a wrong header,
/// a row with the wrong number of cells, a value of the wrong type. The message names the object, the row and the reason.
/// Objects are written once and never edited, so reading it again cannot succeed: the job that reads it fails.
/// </summary>
public sealed class PredictionLogException(string message) : Exception(message);
