package io.robustpose.core.device;

/** A device was asked for that this process cannot use; the message says what is missing. */
public final class DeviceUnavailableException extends IllegalArgumentException {
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
