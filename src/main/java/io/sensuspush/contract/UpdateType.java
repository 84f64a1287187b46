package io.sensuspush.contract;

/** The update types the app understands in a request's {@code update.type}. */
public enum UpdateType {
    SurveyAgentPolicy,
    SensingAgentPolicy,
    Protocol,
    Callback,
    ClearPushNotificationRequestBacklog,
    Feedback;

    /** Parses the app's exact (case-sensitive) name; null when unknown. */
    public static UpdateType fromWire(String value) {
        for (UpdateType t : values()) {
            if (t.name().equals(value)) {
                return t;
            }
        }
        return null;
    }
}
