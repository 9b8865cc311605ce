"""IAM, EC2 and Lambda requests that change the world, made by the trainer or by the caller.

`checks` says what each request is authorized as (action, resource, context); `authorize`
asks the evaluator, exactly as for a `call`; `changes` applies the effect once allowed.
All are pure functions of the world, the clock, the caller and the request.
"""
