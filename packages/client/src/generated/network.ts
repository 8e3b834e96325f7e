// Generated from services/network/openapi.json by `npm run generate -w @symbia/client` (openapi-typescript).
// Do not edit: change the routes, run `npm run openapi`, then regenerate.

export interface paths {
    "/api/bootstrap/service": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Describe this service */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent events, oldest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    runId?: string;
                    traces?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            events: ({
                                event: components["schemas"]["SandboxEvent"];
                                trace: components["schemas"]["EventTrace"];
                            } | components["schemas"]["SandboxEvent"])[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Route an event */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        boundary?: "intra" | "inter" | "extra";
                        causedBy?: string;
                        payload: {
                            data: unknown;
                            type: string;
                        };
                        runId: string;
                        source: string;
                        sourceEntityId?: string;
                        target?: string;
                        targetEntityId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            eventId: string;
                            trace: components["schemas"]["EventTrace"];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/hash": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Compute the HMAC of an envelope */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        boundary?: "intra" | "inter" | "extra";
                        causedBy?: string;
                        id?: string;
                        payload: {
                            data: unknown;
                            type: string;
                        };
                        runId: string;
                        source: string;
                        sourceEntityId?: string;
                        target?: string;
                        targetEntityId?: string;
                        timestamp?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            hash: string;
                            id: string;
                            timestamp: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Event statistics */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveredCount: number;
                            droppedCount: number;
                            errorCount: number;
                            totalEvents: number;
                            totalTraces: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/traces/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Traces of a run */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            traces: components["schemas"]["EventTrace"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/{id}/trace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Trace of an event */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EventTrace"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/platform/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health of the platform services */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PlatformHealth"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PlatformHealth"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List policies */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            policies: components["schemas"]["Policy"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a policy */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        action: {
                            /** @enum {string} */
                            type: "allow";
                        } | {
                            reason?: string;
                            /** @enum {string} */
                            type: "deny";
                        } | {
                            to: string;
                            /** @enum {string} */
                            type: "route";
                        } | {
                            mapping: {
                                [key: string]: string;
                            };
                            /** @enum {string} */
                            type: "transform";
                        } | {
                            /** @enum {string} */
                            level: "debug" | "info" | "warn" | "error";
                            /** @enum {string} */
                            type: "log";
                        };
                        conditions: {
                            /** @enum {string} */
                            field: "source" | "target" | "eventType" | "boundary" | "runId";
                            /** @enum {string} */
                            operator: "eq" | "neq" | "contains" | "startsWith" | "regex";
                            value: string;
                        }[];
                        enabled?: boolean;
                        name: string;
                        priority: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Policy"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/policies/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Evaluate the policies against a mock event */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        boundary?: "intra" | "inter" | "extra";
                        payload: {
                            data?: unknown;
                            type?: string;
                        };
                        runId: string;
                        source: string;
                        target?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allPolicies: {
                                enabled: boolean;
                                id: string;
                                name: string;
                                priority: number;
                            }[];
                            event: components["schemas"]["SandboxEvent"];
                            result: {
                                action: {
                                    /** @enum {string} */
                                    level?: "debug" | "info" | "warn" | "error";
                                    mapping?: {
                                        [key: string]: string;
                                    };
                                    reason?: string;
                                    to?: string;
                                    /** @enum {string} */
                                    type: "allow" | "deny" | "route" | "transform" | "log";
                                };
                                policyId?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a policy */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Policy"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a policy */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a policy */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        action?: {
                            /** @enum {string} */
                            type: "allow";
                        } | {
                            reason?: string;
                            /** @enum {string} */
                            type: "deny";
                        } | {
                            to: string;
                            /** @enum {string} */
                            type: "route";
                        } | {
                            mapping: {
                                [key: string]: string;
                            };
                            /** @enum {string} */
                            type: "transform";
                        } | {
                            /** @enum {string} */
                            level: "debug" | "info" | "warn" | "error";
                            /** @enum {string} */
                            type: "log";
                        };
                        conditions?: {
                            /** @enum {string} */
                            field: "source" | "target" | "eventType" | "boundary" | "runId";
                            /** @enum {string} */
                            operator: "eq" | "neq" | "contains" | "startsWith" | "regex";
                            value: string;
                        }[];
                        createdAt?: string;
                        enabled?: boolean;
                        id?: string;
                        name?: string;
                        priority?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Policy"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/registry/bridges": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List bridges */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bridges: components["schemas"]["Bridge"][];
                            count: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a bridge */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        config?: {
                            [key: string]: unknown;
                        };
                        endpoint: string;
                        eventTypes: string[];
                        name: string;
                        /** @enum {string} */
                        type: "webhook" | "websocket" | "grpc" | "custom";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Bridge"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registry/bridges/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a bridge */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Bridge"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a bridge */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Activate or deactivate a bridge */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Bridge"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/registry/contracts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List contracts (with nodeId: those from or to it) */
        get: {
            parameters: {
                query?: {
                    nodeId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contracts: components["schemas"]["Contract"][];
                            count: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a contract */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        allowedEventTypes: string[];
                        boundaries: ("intra" | "inter" | "extra")[];
                        expiresAt?: string;
                        from: string;
                        to: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Contract"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registry/contracts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a contract */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registry/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List nodes */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            nodes: components["schemas"]["NetworkNode"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register a node */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        capabilities: string[];
                        endpoint: string;
                        entityId?: string;
                        id: string;
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name: string;
                        /** @enum {string} */
                        type: "service" | "assistant" | "sandbox" | "bridge" | "client";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NetworkNode"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registry/nodes/capability/{capability}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Nodes advertising a capability */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    capability: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            nodes: components["schemas"]["NetworkNode"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registry/nodes/type/{type}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Nodes of a type */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    type: "service" | "assistant" | "sandbox" | "bridge" | "client";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            nodes: components["schemas"]["NetworkNode"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registry/nodes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a node */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NetworkNode"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Unregister a node (its owner or a node administrator) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registry/nodes/{id}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Heartbeat a node (its owner or a node administrator) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                            timestamp: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sdn/flow/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Flow of a run: source → delivered target edges */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            edges: {
                                eventType: string;
                                from: string;
                                timestamp: string;
                                to: string;
                            }[];
                            eventCount: number;
                            nodes: {
                                id: string;
                                name?: string;
                                /** @enum {string} */
                                type?: "service" | "assistant" | "sandbox" | "bridge" | "client";
                            }[];
                            runId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sdn/graph": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Nodes and contract adjacency */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            adjacency: {
                                [key: string]: string[];
                            };
                            bridges: {
                                active: boolean;
                                eventTypes: string[];
                                id: string;
                                name: string;
                                type: string;
                            }[];
                            nodes: {
                                connected: boolean;
                                id: string;
                                name: string;
                                /** @enum {string} */
                                type: "service" | "assistant" | "sandbox" | "bridge" | "client";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sdn/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List policies */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            policies: components["schemas"]["Policy"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sdn/simulate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dry-run routing: no history, trace or delivery */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        boundary?: "intra" | "inter" | "extra";
                        causedBy?: string;
                        payload: {
                            data: unknown;
                            type: string;
                        };
                        runId: string;
                        source: string;
                        sourceEntityId?: string;
                        target?: string;
                        targetEntityId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            event: components["schemas"]["SandboxEvent"];
                            policyResult?: {
                                action: {
                                    /** @enum {string} */
                                    level?: "debug" | "info" | "warn" | "error";
                                    mapping?: {
                                        [key: string]: string;
                                    };
                                    reason?: string;
                                    to?: string;
                                    /** @enum {string} */
                                    type: "allow" | "deny" | "route" | "transform" | "log";
                                };
                                policyId?: string;
                            };
                            reason?: string;
                            reasons?: string[];
                            sourceNode?: {
                                id: string;
                                name: string;
                                type: string;
                            };
                            targets?: {
                                exists: boolean;
                                id: string;
                                name?: string;
                                type?: string;
                            }[];
                            wouldSucceed: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sdn/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts of nodes, contracts, bridges, events and policies */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bridges: {
                                active: number;
                                total: number;
                            };
                            contracts: {
                                total: number;
                            };
                            events: {
                                deliveredCount: number;
                                droppedCount: number;
                                errorCount: number;
                                totalEvents: number;
                                totalTraces: number;
                            };
                            nodes: {
                                byType: {
                                    [key: string]: number;
                                };
                                connected: number;
                                total: number;
                            };
                            policies: {
                                enabled: number;
                                total: number;
                            };
                            timestamp: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sdn/topology": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Nodes, contracts and bridges */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bridges: components["schemas"]["Bridge"][];
                            contracts: components["schemas"]["Contract"][];
                            nodes: components["schemas"]["NetworkNode"][];
                            timestamp: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sdn/trace/{eventId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Trace of an event, hops named */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    eventId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EventTrace"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sdn/traces/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Traces of a run */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            runId: string;
                            traces: components["schemas"]["EventTrace"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness (503 while shutting down) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness, including dependency checks */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Bridge: {
            active: boolean;
            config?: {
                [key: string]: unknown;
            };
            createdAt: string;
            endpoint: string;
            eventTypes: string[];
            id: string;
            name: string;
            /** @enum {string} */
            type: "webhook" | "websocket" | "grpc" | "custom";
        };
        Contract: {
            allowedEventTypes: string[];
            boundaries: ("intra" | "inter" | "extra")[];
            createdAt: string;
            expiresAt?: string;
            from: string;
            id: string;
            to: string;
        };
        EventTrace: {
            error?: string;
            eventId: string;
            path: components["schemas"]["TraceHop"][];
            runId: string;
            /** @enum {string} */
            status: "delivered" | "dropped" | "pending" | "error";
            totalDurationMs: number;
        };
        NetworkNode: {
            capabilities: string[];
            endpoint: string;
            entityBoundAt?: string;
            entityId?: string;
            id: string;
            lastHeartbeat: string;
            metadata?: {
                [key: string]: unknown;
            };
            name: string;
            registeredAt: string;
            socketId?: string;
            /** @enum {string} */
            type: "service" | "assistant" | "sandbox" | "bridge" | "client";
        };
        PlatformHealth: {
            /** @enum {string} */
            platform: "healthy" | "degraded";
            services: components["schemas"]["ServiceHealth"][];
            summary: string;
            timestamp: string;
        };
        Policy: {
            action: {
                /** @enum {string} */
                level?: "debug" | "info" | "warn" | "error";
                mapping?: {
                    [key: string]: string;
                };
                reason?: string;
                to?: string;
                /** @enum {string} */
                type: "allow" | "deny" | "route" | "transform" | "log";
            };
            conditions: {
                field: string;
                operator: string;
                value: string;
            }[];
            createdAt: string;
            enabled: boolean;
            id: string;
            name: string;
            priority: number;
        };
        SandboxEvent: {
            hash: string;
            payload: {
                data: unknown;
                type: string;
            };
            wrapper: {
                /** @enum {string} */
                boundary: "intra" | "inter" | "extra";
                causedBy?: string;
                id: string;
                path: string[];
                runId: string;
                source: string;
                sourceEntityId?: string;
                target?: string;
                targetEntityId?: string;
                timestamp: string;
            };
        };
        ServiceHealth: {
            error?: string;
            service: string;
            serviceId: string;
            /** @enum {string} */
            status: "healthy" | "unhealthy" | "unreachable";
            statusCode?: number;
            url: string;
        };
        TraceHop: {
            /** @enum {string} */
            action: "forward" | "deliver" | "drop" | "transform";
            durationMs: number;
            node: string;
            nodeName?: string;
            nodeType?: string;
            policyId?: string;
            timestamp: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
