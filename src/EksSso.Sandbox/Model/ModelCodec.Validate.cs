using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EksSso.Sandbox.Model;

public sealed partial class ModelCodec
{
    /// <summary>
    /// Checks <paramref name="input"/> (as read by the Read methods) against the operation's input shape, all the
    /// way down: unknown members, missing required members, JSON types, enums, lengths/counts, numeric ranges,
    /// patterns and unions. Throws one exception carrying every violation, with AWS's message format.
    /// </summary>
    /// <exception cref="ModelValidationException">At least one violation.</exception>
    public void Validate(OperationModel op, JsonObject input)
    {
        var violations = Check(op, input);
        if (violations.Count > 0)
        {
            throw CreateException(violations);
        }
    }

    /// <summary><see cref="Validate"/> without the throw: every violation, in model member order.</summary>
    public IReadOnlyList<ModelViolation> Check(OperationModel op, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(input);
        var violations = new List<ModelViolation>();
        if (op.Input is null)
        {
            foreach (var (key, _) in input)
            {
                violations.Add(UnknownViolation(key, $"{op.Name} takes no input"));
            }
        }
        else
        {
            CheckStructure(op.Input, input, "", violations);
        }

        return violations;
    }

    /// <summary>
    /// Checks any value against a named shape (for example a handler's reply against the output shape, to catch a
    /// missing required member). Paths and messages as in <see cref="Check(OperationModel, JsonObject)"/>.
    /// </summary>
    public IReadOnlyList<ModelViolation> CheckShape(string shapeName, JsonNode? value)
    {
        var violations = new List<ModelViolation>();
        if (value is null)
        {
            violations.Add(MissingViolation(""));
        }
        else
        {
            CheckValue(_model.Shape(shapeName), value, "", violations);
        }

        return violations;
    }

    /// <summary>
    /// The exception AWS would answer with for these violations. json/rest-json: ValidationException (or
    /// SerializationException when the JSON could not be read); query: ValidationError; both with the
    /// "N validation error(s) detected: ...; ..." message. EC2 reports one problem, like the real service:
    /// MissingParameter, else UnknownParameter, else InvalidParameterValue.
    /// </summary>
    public ModelValidationException CreateException(IReadOnlyList<ModelViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        if (violations.Count == 0)
        {
            throw new ArgumentException("There are no violations.", nameof(violations));
        }

        if (_protocol == WireProtocol.Ec2)
        {
            var pick = violations.FirstOrDefault(v => v.Kind == ViolationKind.Missing)
                ?? violations.FirstOrDefault(v => v.Kind == ViolationKind.Unknown)
                ?? violations[0];
            var code = pick.Kind switch
            {
                ViolationKind.Missing => "MissingParameter",
                ViolationKind.Unknown => "UnknownParameter",
                _ => "InvalidParameterValue",
            };
            return new ModelValidationException(code, pick.Message, violations);
        }

        var serialization = violations.Where(v => v.Kind == ViolationKind.Serialization).ToList();
        if (serialization.Count > 0 && _protocol is WireProtocol.Json or WireProtocol.RestJson)
        {
            return new ModelValidationException("SerializationException", string.Join("; ", serialization.Select(v => v.Message)), violations);
        }

        var prefix = violations.Count == 1 ? "1 validation error detected: " : $"{violations.Count} validation errors detected: ";
        var message = prefix + string.Join("; ", violations.Select(v => v.Message));
        return new ModelValidationException(_protocol == WireProtocol.Query ? "ValidationError" : "ValidationException", message, violations);
    }

    private void CheckStructure(ShapeModel shape, JsonObject obj, string path, List<ModelViolation> violations)
    {
        var set = 0;
        foreach (var member in shape.Members)
        {
            var present = obj.TryGetPropertyValue(member.Name, out var value) && value is not null;
            if (!present && !member.IsRequired)
            {
                // The common case (an optional member left out) builds no path string.
                continue;
            }

            var memberPath = Join(path, _protocol == WireProtocol.Ec2 ? member.Ec2WireName : member.CamelName);
            if (!present)
            {
                violations.Add(MissingViolation(memberPath));
                continue;
            }

            set++;
            CheckValue(member.Shape, value!, memberPath, violations);
        }

        foreach (var (key, _) in obj)
        {
            if (shape.FindMember(key) is null)
            {
                violations.Add(UnknownViolation(Join(path, key), $"not defined in shape {shape.Name}"));
            }
        }

        if (shape.IsUnion && set != 1)
        {
            violations.Add(ConstraintViolation(ViolationKind.Union, obj, path, shape, "Member must have exactly one member set"));
        }
    }

    private void CheckValue(ShapeModel shape, JsonNode node, string path, List<ModelViolation> violations)
    {
        switch (shape.Type)
        {
            case "structure":
                if (shape.IsDocument)
                {
                    return;
                }

                if (node is JsonObject obj)
                {
                    CheckStructure(shape, obj, path, violations);
                }
                else
                {
                    violations.Add(TypeViolation(node, path, shape));
                }

                return;
            case "list":
                if (node is not JsonArray array)
                {
                    violations.Add(TypeViolation(node, path, shape));
                    return;
                }

                Report(CheckLength(shape, array.Count), node, path, shape, violations);
                for (var i = 0; i < array.Count; i++)
                {
                    var itemPath = path + "." + (i + 1).ToString(CultureInfo.InvariantCulture);
                    if (array[i] is { } item)
                    {
                        CheckValue(shape.Member!.Shape, item, itemPath, violations);
                    }
                    else if (!shape.IsSparse)
                    {
                        violations.Add(MissingViolation(itemPath));
                    }
                }

                return;
            case "map":
                if (node is not JsonObject map)
                {
                    violations.Add(TypeViolation(node, path, shape));
                    return;
                }

                Report(CheckLength(shape, map.Count), node, path, shape, violations);
                foreach (var (key, value) in map)
                {
                    List<(ViolationKind Kind, string Constraint)>? keyProblems = null;
                    CheckString(shape.Key!.Shape, key, ref keyProblems);
                    if (keyProblems is not null)
                    {
                        // AWS folds all of a map key's problems into one "Map keys must satisfy constraint" entry.
                        var constraints = string.Join(", ", keyProblems.Select(p => p.Constraint));
                        violations.Add(ConstraintViolation(keyProblems[0].Kind, JsonValue.Create(key), path, shape.Key.Shape, $"Map keys must satisfy constraint: [{constraints}]"));
                    }

                    if (value is null)
                    {
                        if (!shape.IsSparse)
                        {
                            violations.Add(MissingViolation(path + "." + key));
                        }
                    }
                    else
                    {
                        CheckValue(shape.Value!.Shape, value, path + "." + key, violations);
                    }
                }

                return;
            case "string":
                if (node is JsonValue sv && sv.GetValueKind() == JsonValueKind.String && TryGetString(sv, out var s))
                {
                    List<(ViolationKind Kind, string Constraint)>? found = null;
                    CheckString(shape, s, ref found);
                    Report(found, node, path, shape, violations);
                }
                else
                {
                    violations.Add(TypeViolation(node, path, shape));
                }

                return;
            case "integer":
            case "long":
            {
                if (node is not JsonValue nv || !TryGetDecimal(nv, out var d) || decimal.Truncate(d) != d
                    || (shape.Type == "integer" ? d is < int.MinValue or > int.MaxValue : d is < long.MinValue or > long.MaxValue))
                {
                    violations.Add(TypeViolation(node, path, shape));
                    return;
                }

                Report(CheckRange(shape, d), node, path, shape, violations);
                return;
            }

            case "float":
            case "double":
            {
                if (node is not JsonValue nv || !TryGetDouble(nv, out var d))
                {
                    violations.Add(TypeViolation(node, path, shape));
                    return;
                }

                if (double.IsFinite(d) && Math.Abs(d) < 7.9e28)
                {
                    Report(CheckRange(shape, (decimal)d), node, path, shape, violations);
                }

                return;
            }

            case "boolean":
                if (node is not JsonValue bv || bv.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    violations.Add(TypeViolation(node, path, shape));
                }

                return;
            case "timestamp":
                if (!TryGetTimestamp(node, out _))
                {
                    violations.Add(TypeViolation(node, path, shape));
                }

                return;
            case "blob":
            {
                if (node is not JsonValue blob || blob.GetValueKind() != JsonValueKind.String || !TryGetString(blob, out var b64))
                {
                    violations.Add(TypeViolation(node, path, shape));
                    return;
                }

                var buffer = new byte[(b64.Length * 3 / 4) + 3];
                if (!Convert.TryFromBase64String(b64, buffer, out var length))
                {
                    violations.Add(ConstraintViolation(ViolationKind.Type, node, path, shape, "Member must be base64-encoded"));
                    return;
                }

                Report(CheckLength(shape, length), node, path, shape, violations);
                return;
            }

            default:
                // Types the sandbox models do not use (bigInteger, bigDecimal, char ...): accepted as sent.
                return;
        }
    }

    private void Report(List<(ViolationKind Kind, string Constraint)>? found, JsonNode node, string path, ShapeModel shape, List<ModelViolation> violations)
    {
        if (found is null)
        {
            return;
        }

        foreach (var (kind, constraint) in found)
        {
            violations.Add(ConstraintViolation(kind, node, path, shape, constraint));
        }
    }

    // Constraint texts are AWS's (Coral's) wording; the caller renders them into a message for the protocol.
    private static void CheckString(ShapeModel shape, string s, ref List<(ViolationKind Kind, string Constraint)>? found)
    {
        if (shape.EnumConstraint is { } enumConstraint && !shape.IsEnumValue(s))
        {
            (found ??= []).Add((ViolationKind.Enum, enumConstraint));
        }

        if (shape.Min is not null || shape.Max is not null)
        {
            // Length in characters (Unicode scalar values), not UTF-16 units: a surrogate pair counts once.
            var length = s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 ? s.Length : s.EnumerateRunes().Count();
            if (CheckLength(shape, length) is { } lengthProblems)
            {
                (found ??= []).AddRange(lengthProblems);
            }
        }

        if (shape.PatternRegex is { } regex)
        {
            bool ok;
            try
            {
                ok = regex.IsMatch(s);
            }
            catch (RegexMatchTimeoutException)
            {
                // A value that takes over a second to match is not one any real client sends.
                ok = false;
            }

            if (!ok)
            {
                (found ??= []).Add((ViolationKind.Pattern, "Member must satisfy regular expression pattern: " + shape.Pattern));
            }
        }
    }

    // Null when within bounds: the common case allocates nothing.
    private static List<(ViolationKind, string)>? CheckLength(ShapeModel shape, long length)
    {
        List<(ViolationKind, string)>? found = null;
        if (shape.Min is { } min && length < min)
        {
            (found ??= []).Add((ViolationKind.Length, $"Member must have length greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (shape.Max is { } max && length > max)
        {
            (found ??= []).Add((ViolationKind.Length, $"Member must have length less than or equal to {max.ToString(CultureInfo.InvariantCulture)}"));
        }

        return found;
    }

    private static List<(ViolationKind, string)>? CheckRange(ShapeModel shape, decimal value)
    {
        List<(ViolationKind, string)>? found = null;
        if (shape.Min is { } min && value < min)
        {
            (found ??= []).Add((ViolationKind.Range, $"Member must have value greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (shape.Max is { } max && value > max)
        {
            (found ??= []).Add((ViolationKind.Range, $"Member must have value less than or equal to {max.ToString(CultureInfo.InvariantCulture)}"));
        }

        return found;
    }

    private ModelViolation MissingViolation(string path) => _protocol == WireProtocol.Ec2
        ? new(ViolationKind.Missing, path, $"The request must contain the parameter {path}")
        : new(ViolationKind.Missing, path, $"Value null at '{path}' failed to satisfy constraint: Member must not be null");

    private ModelViolation UnknownViolation(string path, string why) => _protocol == WireProtocol.Ec2
        ? new(ViolationKind.Unknown, path, $"The parameter {path} is not recognized")
        : new(ViolationKind.Unknown, path, $"Value at '{path}' failed to satisfy constraint: Member is unknown ({why})");

    private ModelViolation TypeViolation(JsonNode node, string path, ShapeModel shape) =>
        ConstraintViolation(ViolationKind.Type, node, path, shape, "Member must be of type " + shape.Type);

    // Coral's "Value 'x' at 'path' failed to satisfy constraint: ..." (the value left out for sensitive shapes, as
    // AWS does); EC2's own "Value (x) for parameter P is invalid. ..." wording.
    private ModelViolation ConstraintViolation(ViolationKind kind, JsonNode node, string path, ShapeModel shape, string constraint)
    {
        if (_protocol == WireProtocol.Ec2)
        {
            var ec2Value = shape.Sensitive ? "Value" : $"Value ({FormatValue(node)})";
            return new(kind, path, $"{ec2Value} for parameter {path} is invalid. {constraint}");
        }

        var value = shape.Sensitive ? "Value" : $"Value '{FormatValue(node)}'";
        return new(kind, path, $"{value} at '{path}' failed to satisfy constraint: {constraint}");
    }
}
