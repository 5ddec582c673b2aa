package io.cellota.server.lwm2m;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.util.datatype.ULong;

/**
 * Leshan's content nodes as JSON-ready maps (the shape {@link io.cellota.server.devices.DeviceOperations.Outcome}
 * documents): what leaves the adapter for the API and the event stream carries no Leshan type.
 */
final class NodeJson {

    private NodeJson() {
    }

    static Map<String, Object> of(LwM2mNode node) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (node instanceof LwM2mObject o) {
            v.put("kind", "object");
            v.put("id", o.getId());
            List<Object> instances = new ArrayList<>();
            o.getInstances().values().forEach(i -> instances.add(of(i)));
            v.put("instances", instances);
        } else if (node instanceof LwM2mObjectInstance i) {
            v.put("kind", "instance");
            v.put("id", i.getId());
            List<Object> resources = new ArrayList<>();
            i.getResources().values().forEach(r -> resources.add(of(r)));
            v.put("resources", resources);
        } else if (node instanceof LwM2mSingleResource r) {
            v.put("kind", "resource");
            v.put("id", r.getId());
            v.put("type", r.getType().name());
            v.put("value", value(r.getValue()));
        } else if (node instanceof LwM2mMultipleResource r) {
            v.put("kind", "resource");
            v.put("id", r.getId());
            v.put("type", r.getType().name());
            v.put("multiple", true);
            Map<String, Object> values = new LinkedHashMap<>();
            r.getInstances().forEach((id, instance) -> values.put(String.valueOf(id), value(instance.getValue())));
            v.put("values", values);
        } else if (node instanceof LwM2mResourceInstance r) {
            v.put("kind", "resourceInstance");
            v.put("id", r.getId());
            v.put("type", r.getType().name());
            v.put("value", value(r.getValue()));
        } else {
            v.put("kind", "unknown");
            v.put("id", -1);
        }
        return v;
    }

    /** A resource value as JSON: numbers, booleans and text as they are, the other types as text. */
    static Object value(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Date d) {
            return d.toInstant().toString();
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof ObjectLink link) {
            return link.getObjectId() + ":" + link.getObjectInstanceId();
        }
        if (value instanceof ULong u) {
            return new BigInteger(u.toString());
        }
        if (value instanceof Link[] links) {
            return Arrays.stream(links).map(Link::toCoreLinkFormat).collect(Collectors.joining(","));
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        return String.valueOf(value);
    }
}
