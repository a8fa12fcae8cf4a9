package io.clusterindex.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonGeneratorImpl;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A view document (a cluster as {@code clusters-view} holds it) in the form it came in: the UTF-8 JSON the store
 * keeps, or a tree. The other form is made on first use only. Written into a response or an instance's answer, a
 * document held as JSON goes out as those bytes: a page of clusters read from the store is never parsed into trees
 * and written again field by field. Only JSON this service wrote itself may be wrapped ({@link #json}): it is
 * copied into responses unchecked. Two documents are equal when their trees are. Treat the tree as read-only.
 */
@JsonDeserialize(using = ViewDocument.Reader.class)
public final class ViewDocument implements JsonSerializable {
    /**
     * The attribute ({@link com.fasterxml.jackson.databind.ObjectReader#withAttribute}) that holds the whole byte
     * array being read, so that a document in it is taken as its bytes rather than parsed into a tree. Only for JSON
     * that instances of this service wrote (their answers to each other).
     */
    public static final String SOURCE = ViewDocument.class.getName() + ".source";

    private volatile ObjectNode tree;
    private volatile byte[] json;

    private ViewDocument(ObjectNode tree, byte[] json) {
        this.tree = tree;
        this.json = json;
    }

    /** The document {@code tree}, written out by Jackson as any tree. */
    public static ViewDocument of(ObjectNode tree) {
        return new ViewDocument(Objects.requireNonNull(tree, "tree"), null);
    }

    /** A document held as the UTF-8 JSON of an object that this service wrote (a stored or emitted view value). */
    public static ViewDocument json(byte[] utf8) {
        return new ViewDocument(null, Objects.requireNonNull(utf8, "utf8"));
    }

    /**
     * A document held as the UTF-8 JSON this service wrote, with its tree when that is parsed already (else null):
     * both must be the same document.
     */
    public static ViewDocument json(byte[] utf8, ObjectNode treeIfParsed) {
        return new ViewDocument(treeIfParsed, Objects.requireNonNull(utf8, "utf8"));
    }

    /** The document as a tree, parsed on first use when it came as JSON. */
    public ObjectNode tree() {
        ObjectNode parsed = tree;
        if (parsed == null) {
            try {
                parsed = (ObjectNode) Json.TRUSTED.readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException("a stored view document is not valid JSON", e);
            }
            tree = parsed;
        }
        return parsed;
    }

    /** The tree if it is made already, else null. */
    public ObjectNode treeIfParsed() {
        return tree;
    }

    /** The document as UTF-8 JSON, written on first use when it came as a tree. */
    public byte[] json() {
        byte[] written = json;
        if (written == null) {
            try {
                written = Json.MAPPER.writeValueAsBytes(tree);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            json = written;
        }
        return written;
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        byte[] written = json;
        if (written != null && gen instanceof JsonGeneratorImpl) {
            gen.writeRawValue(new RawJson(written));
        } else {
            // a tree, or a generator that is not JSON text (a token buffer making a tree of a response)
            gen.writeTree(tree());
        }
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, serializers);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ViewDocument that && tree().equals(that.tree());
    }

    @Override
    public int hashCode() {
        return tree().hashCode();
    }

    @Override
    public String toString() {
        return new String(json(), StandardCharsets.UTF_8);
    }

    /**
     * Reads a JSON object as a document: as the slice of the {@link #SOURCE} bytes it spans (checked to be one
     * well-formed object, not parsed into a tree) when the reader has them, else as a tree.
     */
    static final class Reader extends StdDeserializer<ViewDocument> {
        Reader() {
            super(ViewDocument.class);
        }

        @Override
        public ViewDocument deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.START_OBJECT)) {
                return (ViewDocument) ctxt.handleUnexpectedToken(ViewDocument.class, p);
            }
            long start = p.currentTokenLocation().getByteOffset();
            if (!(ctxt.getAttribute(SOURCE) instanceof byte[] source) || start < 0) {
                return of(ctxt.readValue(p, ObjectNode.class));
            }
            p.skipChildren();
            long end = p.currentLocation().getByteOffset();
            if (end <= start || end > source.length || source[(int) start] != '{' || source[(int) end - 1] != '}') {
                throw new IllegalStateException("a document's bytes are not where the parser says (" + start + ".."
                        + end + ")");
            }
            return json(Arrays.copyOfRange(source, (int) start, (int) end));
        }
    }

    /**
     * UTF-8 JSON to be written as it is ({@link JsonGenerator#writeRawValue(SerializableString)}): a byte generator
     * copies the bytes; a character generator takes the decoded text. Its quoted forms (never asked for a raw value)
     * are those of the text. As with Jackson's own {@code SerializedString}, the arrays it returns are not copies.
     */
    private static final class RawJson implements SerializableString {
        private final byte[] utf8;
        private String text;

        RawJson(byte[] utf8) {
            this.utf8 = utf8;
        }

        @Override
        public String getValue() {
            if (text == null) {
                text = new String(utf8, StandardCharsets.UTF_8);
            }
            return text;
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1;
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (utf8.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String value = getValue();
            if (offset + value.length() > buffer.length) {
                return -1;
            }
            value.getChars(0, value.length(), buffer, offset);
            return value.length();
        }

        @Override
        public char[] asQuotedChars() {
            return quoted().asQuotedChars();
        }

        @Override
        public byte[] asQuotedUTF8() {
            return quoted().asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return quoted().appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return quoted().appendQuoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return quoted().writeQuotedUTF8(out);
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            return quoted().putQuotedUTF8(buffer);
        }

        private SerializedString quoted() {
            return new SerializedString(getValue());
        }
    }
}
