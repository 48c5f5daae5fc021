package org.mvreports.web;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.mvreports.refusal.InvalidRequestException;

/**
 * Reads every JSON request body of the API, strictly, in one place: a body is taken as written or refused with a
 * 400 that says why, never coerced. JSON-B's defaults would take {@code "enabled": 1} or {@code "maybe"} for
 * {@code false}, ignore unknown fields and trailing content, keep the last of two equal keys and read
 * {@code [["a"]]} as {@code ["a"]}: each of those ran a real action with a value nobody sent.
 *
 * <p>Refused here: a body over {@link #MAX_BODY_BYTES}, bytes that are not UTF-8, text that is not one JSON value
 * (trailing content included), a key given twice, nesting deeper than {@link #MAX_DEPTH}, a field the request type
 * does not have, and a value of another JSON type than the field's ({@code true}/{@code false} for a Boolean, a
 * string for a String, an array of strings for a list, one of the names for an enum), strings with control
 * characters (NUL included), and arrays over {@link #MAX_ITEMS} items. JSON {@code null} leaves a field absent.
 *
 * <p>Request types are plain classes with public fields (their OpenAPI schemas describe them) that implement
 * {@link RequestBody}.
 * An empty body reads as null: the resource decides whether that means "the defaults".
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class StrictJsonBodies implements MessageBodyReader<StrictJsonBodies.RequestBody> {

    /**
     * What a request type implements to be read here. Being more specific than JSON-B's reader for any object is what
     * makes JAX-RS choose this reader, every time (with two readers of equal rank it chose either, run by run).
     */
    public interface RequestBody {
    }

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_DEPTH = 8;
    static final int MAX_ITEMS = 1000;

    /** The server's Bean Validation, made on first use. */
    private static final class Validators {
        static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return RequestBody.class.isAssignableFrom(type) && !type.isInterface();
    }

    @Override
    public RequestBody readFrom(Class<RequestBody> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        String length = headers.getFirst("Content-Length");
        if (length != null && length.length() > 6) { // over 999,999 bytes: refused without reading it
            throw new InvalidRequestException("the request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB");
        }
        String text = utf8(body);
        if (text.isBlank()) {
            return null;
        }
        return valid(bind(type, parse(text)));
    }

    /** Bean Validation of the request type's declared limits (sizes, lengths); the first breach is the answer. */
    static <T> T valid(T request) {
        Set<ConstraintViolation<T>> violations = Validators.VALIDATOR.validate(request);
        if (!violations.isEmpty()) {
            List<String> breaches = violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().toList();
            throw new InvalidRequestException(String.join("; ", breaches), breaches);
        }
        return request;
    }

    /** The body's text, at most {@link #MAX_BODY_BYTES} of UTF-8. */
    static String utf8(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new InvalidRequestException("the request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("the request body is not UTF-8 text");
        }
    }

    /** One JSON object, read to its end: anything after it, a repeated key or deep nesting is refused. */
    static JsonObject parse(String text) {
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new InvalidRequestException("the request body must be a JSON object ({...})");
            }
            JsonObject object = object(parser, 1);
            if (parser.hasNext()) {
                throw new InvalidRequestException("the request body has more after its JSON object");
            }
            return object;
        } catch (JsonParsingException e) {
            throw new InvalidRequestException("the request body is not valid JSON (line "
                    + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber() + ")");
        }
    }

    private static JsonObject object(JsonParser parser, int depth) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        Set<String> keys = new HashSet<>();
        while (true) {
            JsonParser.Event event = parser.next();
            if (event == JsonParser.Event.END_OBJECT) {
                return object.build();
            }
            String key = parser.getString();
            if (!keys.add(key)) {
                throw new InvalidRequestException("the key \"" + shown(key) + "\" is given twice");
            }
            object.add(key, value(parser, parser.next(), depth));
        }
    }

    private static JsonArray array(JsonParser parser, int depth) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        int items = 0;
        while (true) {
            JsonParser.Event event = parser.next();
            if (event == JsonParser.Event.END_ARRAY) {
                return array.build();
            }
            if (++items > MAX_ITEMS) {
                throw new InvalidRequestException("an array has more than " + MAX_ITEMS + " items");
            }
            array.add(value(parser, event, depth));
        }
    }

    private static JsonValue value(JsonParser parser, JsonParser.Event event, int depth) {
        if ((event == JsonParser.Event.START_OBJECT || event == JsonParser.Event.START_ARRAY) && depth >= MAX_DEPTH) {
            throw new InvalidRequestException("the request body is nested deeper than " + MAX_DEPTH + " levels");
        }
        return switch (event) {
            case START_OBJECT -> object(parser, depth + 1);
            case START_ARRAY -> array(parser, depth + 1);
            case VALUE_STRING -> Json.createValue(parser.getString());
            case VALUE_NUMBER -> Json.createValue(parser.getBigDecimal());
            case VALUE_TRUE -> JsonValue.TRUE;
            case VALUE_FALSE -> JsonValue.FALSE;
            case VALUE_NULL -> JsonValue.NULL;
            default -> throw new InvalidRequestException("the request body is not valid JSON");
        };
    }

    /**
     * {@code object} as an instance of {@code type}: every member must be one of its public fields, of that field's
     * JSON type.
     */
    static <T> T bind(Class<T> type, JsonObject object) {
        TreeMap<String, Field> fields = new TreeMap<>();
        for (Field field : type.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                fields.put(field.getName(), field);
            }
        }
        T instance;
        try {
            instance = type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " is not a request type: it needs a public no-argument constructor",
                    e);
        }
        for (var member : object.entrySet()) {
            Field field = fields.get(member.getKey());
            if (field == null) {
                throw new InvalidRequestException("unknown field \"" + shown(member.getKey()) + "\"; the fields are "
                        + String.join(", ", fields.keySet()), List.copyOf(fields.keySet()));
            }
            if (member.getValue().getValueType() != JsonValue.ValueType.NULL) {
                try {
                    field.set(instance, convert(field.getName(), field.getGenericType(), member.getValue()));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(field + " is public", e);
                }
            }
        }
        return instance;
    }

    private static Object convert(String name, Type type, JsonValue value) {
        if (type == Boolean.class) {
            return switch (value.getValueType()) {
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                default -> throw wrongType(name, "true or false", value);
            };
        }
        if (type == String.class) {
            if (!(value instanceof JsonString string)) {
                throw wrongType(name, "a string", value);
            }
            return text(name, string.getString());
        }
        if (type == Integer.class) {
            if (!(value instanceof JsonNumber number) || !number.isIntegral()
                    || number.bigDecimalValue().abs().compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw wrongType(name, "a whole number", value);
            }
            return number.intValue();
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            if (!(value instanceof JsonArray array)) {
                throw wrongType(name, "an array", value);
            }
            Type item = list.getActualTypeArguments()[0];
            List<Object> items = new ArrayList<>();
            for (JsonValue element : array) {
                if (element.getValueType() == JsonValue.ValueType.NULL) {
                    throw wrongType(name + "'s items", itemKind(item), element);
                }
                items.add(convert(name + "'s items", item, element));
            }
            return items;
        }
        if (type instanceof Class<?> enumType && enumType.isEnum()) {
            if (!(value instanceof JsonString string)) {
                throw wrongType(name, itemKind(type), value);
            }
            for (Object constant : enumType.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(string.getString())) {
                    return constant;
                }
            }
            throw new InvalidRequestException(name + " must be one of " + names(enumType) + ", was \""
                    + shown(string.getString()) + "\"", names(enumType));
        }
        throw new IllegalStateException("no JSON reading for " + type + " (field " + name + ")");
    }

    private static String itemKind(Type type) {
        return type instanceof Class<?> c && c.isEnum() ? "one of " + names(c) : type == String.class ? "a string"
                : type == Boolean.class ? "true or false" : "a whole number";
    }

    private static List<String> names(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
    }

    /** A string value, refused when it holds a control character (NUL, line breaks, escapes to the terminal). */
    private static String text(String name, String value) {
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new InvalidRequestException(name + " must not contain control characters");
        }
        return value;
    }

    private static InvalidRequestException wrongType(String name, String expected, JsonValue value) {
        return new InvalidRequestException(name + " must be " + expected + ", was " + switch (value.getValueType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "true or false";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
        });
    }

    /** A value the caller sent, cut short and without control characters, to quote in an error. */
    private static String shown(String value) {
        return ApiParameters.excerpt(value.replaceAll("\\p{Cntrl}", "?"));
    }
}
