package com.acme.greeter;

/** The sample application: greets people, politely. */
public final class Greeter {

    private Greeter() {
    }

    public static String greet(String name) {
        if (name == null || name.isBlank()) {
            return "Hello, stranger!";
        }
        return "Hello, " + name.strip() + "!";
    }

    public static void main(String[] args) {
        System.out.println(greet(args.length > 0 ? args[0] : null));
    }
}
