public enum Messaging {}
