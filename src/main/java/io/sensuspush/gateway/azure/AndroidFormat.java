package io.sensuspush.gateway.azure;

/**
 * How the hub delivers to Android ({@code gcm} tokens): the value of
 * {@code ServiceBusNotification-Format}, which also decides the body.
 */
public enum AndroidFormat {
    /** FCM v1 (the current API): body {@code {"message":{"data":{…}}}}. */
    fcmv1,
    /** Legacy FCM, retired by Google in 2024; only for hubs still configured for it: body {@code {"data":{…}}}. */
    gcm
}
