using System.Text.Json;
using EksSso.Engine.Aws;

namespace EksSso.Sandbox.Policy;

/// <summary>
/// Validates a policy document the way IAM's CreatePolicy/PutRolePolicy/CreateRole do and builds the compiled
/// <see cref="PolicyDocument"/>. Element names are case-sensitive and unknown or repeated elements are refused,
/// because the sandbox must reject what AWS rejects rather than quietly evaluate a typo.
/// </summary>
internal static class PolicyParser
{
    private static readonly JsonDocumentOptions s_jsonOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    public static PolicyDocument Parse(string json, PolicyKind kind, bool requireAction)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_jsonOptions);
        }
        catch (JsonException e)
        {
            throw new MalformedPolicyException(MalformedPolicyException.SyntaxErrors, e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw MalformedPolicyException.Syntax();
            }

            string? version = null;
            string? id = null;
            JsonElement? statementElement = null;
            foreach (var property in Properties(root))
            {
                switch (property.Name)
                {
                    case "Version":
                        version = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                        if (version is not (PolicyDocument.Version20121017 or PolicyDocument.Version20081017))
                        {
                            throw new MalformedPolicyException(MalformedPolicyException.BadVersion);
                        }

                        break;
                    case "Id":
                        id = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw MalformedPolicyException.Syntax();
                        break;
                    case "Statement":
                        statementElement = property.Value;
                        break;
                    default:
                        throw MalformedPolicyException.Syntax();
                }
            }

            if (statementElement is not { } statementValue)
            {
                throw new MalformedPolicyException(MalformedPolicyException.MissingStatement);
            }

            var variables = version == PolicyDocument.Version20121017;
            var statements = new List<PolicyStatement>();
            switch (statementValue.ValueKind)
            {
                case JsonValueKind.Object:
                    statements.Add(ParseStatement(statementValue, kind, requireAction, variables));
                    break;
                case JsonValueKind.Array:
                    foreach (var item in statementValue.EnumerateArray())
                    {
                        statements.Add(item.ValueKind == JsonValueKind.Object
                            ? ParseStatement(item, kind, requireAction, variables)
                            : throw MalformedPolicyException.Syntax());
                    }

                    break;
                default:
                    throw MalformedPolicyException.Syntax();
            }

            var sids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var statement in statements)
            {
                if (!string.IsNullOrEmpty(statement.Sid) && !sids.Add(statement.Sid))
                {
                    throw new MalformedPolicyException(MalformedPolicyException.SidNotUnique);
                }
            }

            return new PolicyDocument(json, kind, version, id, statements);
        }
    }

    private static PolicyStatement ParseStatement(JsonElement element, PolicyKind kind, bool requireAction, bool variables)
    {
        string? sid = null;
        PolicyEffect? effect = null;
        IReadOnlyList<string>? actions = null, notActions = null, resources = null, notResources = null;
        PolicyPrincipal? principal = null, notPrincipal = null;
        JsonElement? conditionElement = null;
        foreach (var property in Properties(element))
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "Sid":
                    sid = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw MalformedPolicyException.Syntax();
                    if (!sid.All(char.IsAsciiLetterOrDigit))
                    {
                        throw new MalformedPolicyException(MalformedPolicyException.SidNotAlphanumeric);
                    }

                    break;
                case "Effect":
                    // Case-sensitive: IAM refuses "allow".
                    effect = value.ValueKind == JsonValueKind.String ? value.GetString() switch
                    {
                        "Allow" => PolicyEffect.Allow,
                        "Deny" => PolicyEffect.Deny,
                        _ => throw new MalformedPolicyException(MalformedPolicyException.InvalidEffect),
                    } : throw new MalformedPolicyException(MalformedPolicyException.InvalidEffect);
                    break;
                case "Action":
                    actions = ReadStrings(value);
                    break;
                case "NotAction":
                    notActions = ReadStrings(value);
                    break;
                case "Resource":
                    resources = ReadStrings(value);
                    break;
                case "NotResource":
                    notResources = ReadStrings(value);
                    break;
                case "Principal":
                    principal = ParsePrincipal(value);
                    break;
                case "NotPrincipal":
                    notPrincipal = ParsePrincipal(value);
                    break;
                case "Condition":
                    conditionElement = value;
                    break;
                default:
                    throw MalformedPolicyException.Syntax();
            }
        }

        if (effect is not { } statementEffect)
        {
            throw new MalformedPolicyException(MalformedPolicyException.MissingEffect);
        }

        if (actions is not null && notActions is not null)
        {
            throw MalformedPolicyException.Syntax();
        }

        var actionList = actions ?? notActions;
        if (requireAction && actionList is not { Count: > 0 })
        {
            throw new MalformedPolicyException(MalformedPolicyException.MissingActions);
        }

        foreach (var action in actionList ?? [])
        {
            ValidateAction(action, kind);
        }

        if (resources is not null && notResources is not null)
        {
            throw MalformedPolicyException.Syntax();
        }

        if (principal is not null && notPrincipal is not null)
        {
            throw MalformedPolicyException.Syntax();
        }

        if (kind == PolicyKind.Identity)
        {
            if (principal is not null || notPrincipal is not null)
            {
                throw new MalformedPolicyException(MalformedPolicyException.PrincipalInIdentityPolicy);
            }

            if ((resources ?? notResources) is not { Count: > 0 } resourceList)
            {
                throw new MalformedPolicyException(MalformedPolicyException.MissingResources);
            }

            foreach (var resource in resourceList)
            {
                if (resource != "*" && !resource.StartsWith("arn:", StringComparison.Ordinal))
                {
                    throw MalformedPolicyException.ResourceNotArn(resource);
                }
            }
        }
        else
        {
            if (resources is not null)
            {
                throw MalformedPolicyException.ProhibitedField("Resource");
            }

            if (notResources is not null)
            {
                throw MalformedPolicyException.ProhibitedField("NotResource");
            }

            if (principal is null && notPrincipal is null)
            {
                throw new MalformedPolicyException(MalformedPolicyException.MissingPrincipal);
            }
        }

        var conditions = conditionElement is { } c ? ParseConditions(c, variables) : [];
        return new PolicyStatement(sid, statementEffect, actions, notActions, resources, notResources, principal, notPrincipal, conditions, variables);
    }

    private static void ValidateAction(string action, PolicyKind kind)
    {
        if (action == "*")
        {
            return;
        }

        var colon = action.IndexOf(':');
        if (colon <= 0)
        {
            throw new MalformedPolicyException(MalformedPolicyException.ActionWithoutVendor);
        }

        if (action.IndexOf(':', colon + 1) >= 0)
        {
            throw new MalformedPolicyException(MalformedPolicyException.ActionWithManyColons);
        }

        if (kind == PolicyKind.Trust && !action.AsSpan(0, colon).Equals("sts", StringComparison.OrdinalIgnoreCase))
        {
            throw new MalformedPolicyException(MalformedPolicyException.TrustActionNotSts);
        }
    }

    private static PolicyPrincipal ParsePrincipal(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() == "*" ? new PolicyPrincipal(true, [], [], [], []) : throw MalformedPolicyException.Syntax();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw MalformedPolicyException.Syntax();
        }

        IReadOnlyList<string> aws = [], service = [], federated = [], canonical = [];
        var any = false;
        foreach (var property in Properties(value))
        {
            any = true;
            if (property.Name is not ("AWS" or "Service" or "Federated" or "CanonicalUser"))
            {
                var text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                throw MalformedPolicyException.InvalidPrincipal(property.Name, text);
            }

            var values = ReadStrings(property.Value);
            switch (property.Name)
            {
                case "AWS":
                    aws = values;
                    foreach (var v in values)
                    {
                        if (!IsValidAwsPrincipal(v))
                        {
                            throw MalformedPolicyException.InvalidPrincipal(property.Name, v);
                        }
                    }

                    break;
                default:
                    // IAM allows no wildcard in these: a trust policy cannot say "any service".
                    foreach (var v in values)
                    {
                        if (v.Length == 0 || v.Contains('*') || v.Contains('?'))
                        {
                            throw MalformedPolicyException.InvalidPrincipal(property.Name, v);
                        }
                    }

                    switch (property.Name)
                    {
                        case "Service":
                            service = values;
                            break;
                        case "Federated":
                            federated = values;
                            break;
                        default:
                            canonical = values;
                            break;
                    }

                    break;
            }
        }

        return any ? new PolicyPrincipal(false, aws, service, federated, canonical) : throw MalformedPolicyException.Syntax();
    }

    /// <summary>"*", a 12-digit account, an IAM/STS principal ARN without wildcards, or a unique ID (AIDA.../AROA...).</summary>
    private static bool IsValidAwsPrincipal(string value)
    {
        if (value == "*")
        {
            return true;
        }

        if (value.Length == 12 && value.All(char.IsAsciiDigit))
        {
            return true;
        }

        if (value.Contains('*') || value.Contains('?'))
        {
            return false;
        }

        if (AwsArn.TryParse(value, out var arn))
        {
            return arn.Service is "iam" or "sts" && arn.AccountId.Length == 12 && arn.AccountId.All(char.IsAsciiDigit);
        }

        // IAM rewrites the ARN of a deleted principal to its unique ID, which may then be saved back unchanged.
        return value.Length >= 16 && value[0] == 'A' && value.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
    }

    private static List<PolicyCondition> ParseConditions(JsonElement element, bool variables)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw MalformedPolicyException.Syntax();
        }

        var conditions = new List<PolicyCondition>();
        foreach (var opProperty in Properties(element))
        {
            if (!ConditionOperator.TryParse(opProperty.Name, out var op))
            {
                throw MalformedPolicyException.InvalidConditionType(opProperty.Name);
            }

            if (opProperty.Value.ValueKind != JsonValueKind.Object)
            {
                throw MalformedPolicyException.Syntax();
            }

            foreach (var keyProperty in Properties(opProperty.Value))
            {
                if (keyProperty.Name.IndexOf(':') <= 0)
                {
                    throw new MalformedPolicyException(MalformedPolicyException.ActionWithoutVendor);
                }

                conditions.Add(new PolicyCondition(opProperty.Name, op!, keyProperty.Name, ReadConditionValues(keyProperty.Value), variables));
            }
        }

        return conditions;
    }

    private static List<string> ReadConditionValues(JsonElement value)
    {
        var values = new List<string>();
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                values.Add(ConditionScalar(item));
            }
        }
        else
        {
            values.Add(ConditionScalar(value));
        }

        return values;
    }

    /// <summary>Condition values may be JSON strings, numbers or booleans; IAM compares them by their text.</summary>
    private static string ConditionScalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw MalformedPolicyException.Syntax(),
    };

    /// <summary>A string or an array of strings, as Action/Resource/principal values are written.</summary>
    private static List<string> ReadStrings(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return [value.GetString()!];
            case JsonValueKind.Array:
                var list = new List<string>();
                foreach (var item in value.EnumerateArray())
                {
                    list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw MalformedPolicyException.Syntax());
                }

                return list;
            default:
                throw MalformedPolicyException.Syntax();
        }
    }

    /// <summary>The object's properties, refusing a repeated name (JSON allows it; which one IAM keeps is unknowable).</summary>
    private static List<JsonProperty> Properties(JsonElement element)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var properties = new List<JsonProperty>();
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw MalformedPolicyException.Syntax();
            }

            properties.Add(property);
        }

        return properties;
    }
}
